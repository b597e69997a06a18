package io.rekey.launcher.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.rekey.events.EventEnvelope;
import io.rekey.events.ids.CallerId;
import io.rekey.events.ids.KeyName;
import io.rekey.events.ids.KeyVersion;
import io.rekey.events.serde.EventJson;
import io.rekey.events.topics.TopicCatalogue;
import io.rekey.events.usage.KeyOperation;
import io.rekey.events.usage.KeyUsed;
import io.rekey.events.usage.UsageOutcome;
import io.rekey.launcher.bench.BenchCommand.BenchPlan;
import io.rekey.launcher.client.JsonHttp;
import io.rekey.service.kafka.KafkaClients;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The system figures, each measured through the public HTTP APIs (or by watching the public topics) of a system this
 * run started, and set beside the floor it is judged against.
 */
final class SystemFigures {
    static final int KEY_BITS = 2048;
    private static final String API = "?api-version=7.5";
    private static final String ALG = "RSA-OAEP-256";
    private static final String CONTAINER = "bench";
    private static final Duration WAIT = Duration.ofMinutes(5);

    private final BenchSystem system;
    private final BenchPlan plan;
    private final List<Measurement> floors;
    private final PrintStream progress;
    private final String run = UUID.randomUUID().toString().substring(0, 6);

    SystemFigures(BenchSystem system, BenchPlan plan, List<Measurement> floors, PrintStream progress) {
        this.system = system;
        this.plan = plan;
        this.floors = floors;
        this.progress = progress;
    }

    List<Measurement> measure() throws Exception {
        List<Measurement> figures = new ArrayList<>();
        try (AccountEventWatcher watcher = new AccountEventWatcher(KafkaClients.forBootstrap(system.bootstrap()))) {
            figures.addAll(vault());
            figures.addAll(audit());
            // The audit keeps, per key, one value holding all of the key's accounts, so each account event costs it
            // work in proportion to the accounts on the key: with 10,000 it falls minutes behind and takes a core
            // the figures below would otherwise have. Its own figures are taken, so it stops here.
            progress.println("system: stopping the audit service");
            system.stopAudit();
            figures.addAll(rotationAndRevocation(watcher));
            figures.addAll(volume(watcher));
        }
        figures.addAll(blobs());
        return figures;
    }

    // --- vault ---

    private List<Measurement> vault() throws Exception {
        String key = "bench-vault-" + run;
        String version = createKey(key);
        progress.println("system: vault wrap and unwrap over HTTPS, " + plan.httpThreads() + " concurrent callers");
        Measurement wrapFloor = rsaFloorNow(false);
        double wraps = vaultOpsPerSecond(key, version, false);
        Measurement unwrapFloor = rsaFloorNow(true);
        double unwraps = vaultOpsPerSecond(key, version, true);
        return List.of(
                wrapFloor,
                unwrapFloor,
                Measurement.figure("vault wrap over HTTPS, " + plan.httpThreads() + " callers", wraps, "ops/s", true)
                        .against(wrapFloor, 0.7),
                Measurement.figure(
                                "vault unwrap over HTTPS, " + plan.httpThreads() + " callers", unwraps, "ops/s", true)
                        .against(unwrapFloor, 0.7));
    }

    private double vaultOpsPerSecond(String key, String version, boolean unwrap) throws Exception {
        byte[] aek = new byte[32];
        ThreadLocalRandom.current().nextBytes(aek);
        String plain = Base64.getUrlEncoder().withoutPadding().encodeToString(aek);
        String wrapped = system.vault()
                .post(versionPath(key, version) + "/wrapkey" + API, Map.of("alg", ALG, "value", plain))
                .path("value")
                .asText();
        byte[] body = EventJson.mapper().writeValueAsBytes(Map.of("alg", ALG, "value", unwrap ? wrapped : plain));
        HttpRequest request = HttpRequest.newBuilder(URI.create(
                        system.vaultUrl() + versionPath(key, version) + (unwrap ? "/unwrapkey" : "/wrapkey") + API))
                .header("Authorization", "Bearer " + system.adminToken())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        CryptoFloors.OperationFactory factory = () -> () -> expect(200, request);
        CryptoFloors.runOnThreads(plan.httpThreads(), plan.httpWarmUp(), factory);
        return CryptoFloors.runOnThreads(plan.httpThreads(), plan.httpDuration(), factory);
    }

    // --- rotation and revocation ---

    private List<Measurement> rotationAndRevocation(AccountEventWatcher watcher) throws Exception {
        int few = plan.fewAccounts();
        int many = plan.manyAccounts();
        String fewKey = "bench-few-" + run;
        String manyKey = "bench-many-" + run;
        createKey(fewKey);
        createKey(manyKey);
        progress.println("system: creating " + few + " + " + many + " accounts through the storage API");
        List<String> fewAccounts = createAccounts("f" + run, few, fewKey);
        List<String> manyAccounts = createAccounts("m" + run, many, manyKey);
        List<String> probes = manyAccounts.subList(0, Math.min(5, many));
        for (String account : probes) {
            putBlob(account, "probe", new byte[] {1, 2, 3});
        }

        List<Measurement> figures = new ArrayList<>();
        Measurement wrapFloor = rsaFloorNow(false);
        figures.add(wrapFloor);
        progress.println("system: rotation with warm AEKs (cached in storage since the accounts were made)");
        figures.add(rotation(watcher, fewKey, fewAccounts, "warm").against(wrapFloor, 0.5));
        figures.add(rotation(watcher, manyKey, manyAccounts, "warm").against(wrapFloor, 0.5));
        progress.println("system: restarting storage, so that no AEK is cached; rotation with cold AEKs");
        system.restartStorage();
        Measurement unwrapFloor = rsaFloorNow(true);
        figures.add(unwrapFloor);
        figures.add(rotation(watcher, fewKey, fewAccounts, "cold").against(unwrapFloor, 0.6));
        figures.add(rotation(watcher, manyKey, manyAccounts, "cold").against(unwrapFloor, 0.6));
        figures.addAll(revocation(watcher, manyKey, manyAccounts, probes));
        return figures;
    }

    private Measurement rotation(AccountEventWatcher watcher, String key, List<String> accounts, String aeks)
            throws Exception {
        double seconds = rotationSeconds(watcher, key, accounts);
        progress.printf(Locale.ROOT, "    %d accounts re-wrapped in %.2f s%n", accounts.size(), seconds);
        return Measurement.figure(
                String.format(Locale.ROOT, "rotation, %,d accounts re-wrapped, %s AEKs", accounts.size(), aeks),
                accounts.size() / seconds,
                "accounts/s",
                true);
    }

    /**
     * From {@code KeyRotated} (the rotate call's return: the vault answers once the event is committed) to the last
     * account's {@code AccountKeyRewrapped} on the public topic. The call itself, mostly RSA key generation, is not
     * part of it.
     */
    private double rotationSeconds(AccountEventWatcher watcher, String key, List<String> accounts) throws Exception {
        long called = System.nanoTime();
        JsonNode rotated = system.vault().post("/keys/" + key + "/rotate" + API, Map.of());
        long returned = System.nanoTime();
        String version = versionOf(rotated);
        long done = watcher.awaitRewrapped(accounts, version, WAIT);
        progress.printf(Locale.ROOT, "    the rotate call took %.0f ms (new RSA key)%n", (returned - called) / 1e6);
        return Math.max(done - returned, 1_000_000) / 1e9;
    }

    private List<Measurement> revocation(
            AccountEventWatcher watcher, String key, List<String> accounts, List<String> probes) throws Exception {
        progress.println("system: revoking a key that wraps " + accounts.size() + " accounts");
        // Storage often locks before the vault's answer arrives, so this counts from the call's start: an upper bound.
        Instant called = Instant.now();
        system.vault().post("/keys/" + key + "/revoke" + API, Map.of("scope", "key"));
        Map<String, Instant> locked = watcher.awaitLocked(accounts, WAIT);
        Latencies latencies = new Latencies();
        locked.values()
                .forEach(at -> latencies.add(
                        Math.max(1000, Duration.between(called, at).toNanos())));
        checkAllRefuse(accounts, probes);
        String name = String.format(Locale.ROOT, "revocation call -> %,d accounts refuse reads, p99", accounts.size());
        Measurement p99 = Measurement.figure(name, latencies.percentileMillis(99), "ms", false);
        return List.of(
                Measurement.figure(
                        String.format(
                                Locale.ROOT, "revocation call -> %,d accounts refuse reads, p50", accounts.size()),
                        latencies.percentileMillis(50),
                        "ms",
                        false),
                p99.against(floor("floor: Kafka produce->consume p99"), 0.1),
                p99.against(Measurement.floor("limit: 1 s", 1000, "ms", false), 1.0));
    }

    /** Every account says it is locked, and the probed ones refuse a blob read with 403. */
    private void checkAllRefuse(List<String> accounts, List<String> probes) {
        java.util.Set<String> affected = new java.util.HashSet<>(accounts);
        long locked = 0;
        for (JsonNode account : system.storage().get("/accounts").path("value")) {
            if (affected.contains(account.path("name").asText())
                    && account.path("state").asText().equals("locked")) {
                locked++;
            }
        }
        if (locked != accounts.size()) {
            throw new IllegalStateException(
                    "after revocation only " + locked + " of " + accounts.size() + " accounts say they are locked");
        }
        for (String account : probes) {
            int status = status(blobRequest(account, "probe").GET().build());
            if (status != 403) {
                throw new IllegalStateException("a read from locked account " + account + " answered " + status);
            }
        }
    }

    // --- rotation against data volume ---

    private List<Measurement> volume(AccountEventWatcher watcher) throws Exception {
        double small = volumeRotationMillis(watcher, "s", plan.smallVolumeBytes());
        double large = volumeRotationMillis(watcher, "l", plan.largeVolumeBytes());
        Measurement smallFigure = Measurement.floor(
                "rotation of " + plan.volumeAccounts() + " accounts holding " + megabytes(plan.smallVolumeBytes()),
                small,
                "ms",
                false);
        Measurement largeFigure = Measurement.figure(
                "rotation of " + plan.volumeAccounts() + " accounts holding " + megabytes(plan.largeVolumeBytes()),
                large,
                "ms",
                false);
        return List.of(smallFigure, largeFigure.against(smallFigure, 0.7));
    }

    private double volumeRotationMillis(AccountEventWatcher watcher, String tag, long bytes) throws Exception {
        String key = "bench-volume-" + tag + run;
        createKey(key);
        List<String> accounts = createAccounts("v" + tag + run, plan.volumeAccounts(), key);
        long blobBytes = Math.min(bytes, 16L << 20);
        int blobs = (int) Math.max(1, bytes / blobBytes);
        progress.println("system: " + plan.volumeAccounts() + " accounts with " + blobs + " blobs of "
                + megabytes(blobBytes) + ", then rotation");
        parallel(blobs, 2, i -> putGenerated(accounts.get(i % accounts.size()), "v" + i, blobBytes));
        double seconds = rotationSeconds(watcher, key, accounts);
        progress.printf(Locale.ROOT, "    re-wrapped in %.3f s%n", seconds);
        return seconds * 1000;
    }

    // --- blobs ---

    private List<Measurement> blobs() throws Exception {
        String key = "bench-blobs-" + run;
        createKey(key);
        String account = createAccounts("b" + run, 1, key).get(0);
        // Measured again right here: on a shared machine the load drifts between the start of the run and now.
        double aesEncrypt = CryptoFloors.aesGcmMegabytesPerSecond(
                true, Floors.SEGMENT_BYTES, plan.aesDuration(), plan.aesDuration());
        double aesDecrypt = CryptoFloors.aesGcmMegabytesPerSecond(
                false, Floors.SEGMENT_BYTES, plan.aesDuration(), plan.aesDuration());
        Measurement putSmallFloor = serial(
                "floor: AES-GCM encrypt + 64 KiB file write/fsync",
                aesEncrypt,
                floor("floor: file write + fsync, 64 KiB files").value());
        Measurement putLargeFloor = serial(
                "floor: AES-GCM encrypt + file write/fsync",
                aesEncrypt,
                floor("floor: file write + fsync, seq").value());
        Measurement getSmallFloor = serial(
                "floor: AES-GCM decrypt + 64 KiB file read",
                aesDecrypt,
                floor("floor: file read, 64 KiB files").value());
        Measurement getLargeFloor = serial(
                "floor: AES-GCM decrypt + file read",
                aesDecrypt,
                floor("floor: file read, seq").value());
        progress.println("system: blob put and get over HTTP, one caller");
        int small = 64 * 1024;
        long large = plan.largeBlobBytes();
        String largeName = megabytes(large);
        return List.of(
                putSmallFloor,
                Measurement.figure("blob put, 64 KiB blobs", putRate(account, small), "MB/s", true)
                        .against(putSmallFloor, 0.7),
                getSmallFloor,
                Measurement.figure("blob get, 64 KiB blobs", getRate(account, small), "MB/s", true)
                        .against(getSmallFloor, 0.7),
                putLargeFloor,
                Measurement.figure("blob put, " + largeName + " blobs", putRate(account, large), "MB/s", true)
                        .against(putLargeFloor, 0.7),
                getLargeFloor,
                Measurement.figure("blob get, " + largeName + " blobs", getRate(account, large), "MB/s", true)
                        .against(getLargeFloor, 0.7));
    }

    /** Stages one after the other on one thread: each byte pays for both, so the rates combine as 1/(1/a + 1/b). */
    private static Measurement serial(String name, double a, double b) {
        return Measurement.floor(name + " (serial)", 1 / (1 / a + 1 / b), "MB/s", true);
    }

    private double putRate(String account, long size) throws Exception {
        String blob = "put" + size;
        timed(plan.blobWarmUp(), i -> putGenerated(account, blob + (i % 4), size));
        return timed(plan.blobDuration(), i -> putGenerated(account, blob + (i % 4), size)) * size / 1e6;
    }

    private double getRate(String account, long size) throws Exception {
        String blob = "get" + size;
        for (int i = 0; i < 4; i++) {
            putGenerated(account, blob + i, size);
        }
        timed(plan.blobWarmUp(), i -> readBlob(account, blob + (i % 4), size));
        return timed(plan.blobDuration(), i -> readBlob(account, blob + (i % 4), size)) * size / 1e6;
    }

    /** Operations per second of one caller doing the step over and over for the duration. */
    private static double timed(Duration duration, Step step) throws Exception {
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        int count = 0;
        do {
            step.run(count++);
        } while (System.nanoTime() < end);
        return count / ((System.nanoTime() - start) / 1e9);
    }

    private void readBlob(String account, String blob, long size) throws Exception {
        HttpResponse<InputStream> response =
                system.http().send(blobRequest(account, blob).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            long read = body.transferTo(OutputStream.nullOutputStream());
            if (response.statusCode() != 200 || read != size) {
                throw new IllegalStateException(
                        "reading blob " + blob + " answered " + response.statusCode() + " with " + read + " bytes");
            }
        }
    }

    private void putGenerated(String account, String blob, long size) throws Exception {
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.fromPublisher(
                HttpRequest.BodyPublishers.ofInputStream(() -> new GeneratedInput(size)), size);
        expectCreated(blobRequest(account, blob)
                .header("Content-Type", "application/octet-stream")
                .PUT(body)
                .build());
    }

    private void putBlob(String account, String blob, byte[] content) throws Exception {
        expectCreated(blobRequest(account, blob)
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content))
                .build());
    }

    private HttpRequest.Builder blobRequest(String account, String blob) {
        return HttpRequest.newBuilder(URI.create(
                        system.storageUrl() + "/accounts/" + account + "/containers/" + CONTAINER + "/blobs/" + blob))
                .timeout(Duration.ofMinutes(2))
                .header("Authorization", "Bearer " + system.adminToken());
    }

    // --- audit ---

    private List<Measurement> audit() throws Exception {
        String key = "bench-audit-" + run;
        String version = createKey(key);
        progress.println("system: audit, a key use until a query shows it, " + plan.auditSamples() + " times");
        JsonHttp vault = system.vault();
        String plain = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32]);
        Latencies latencies = new Latencies();
        for (int i = 1; i <= plan.auditSamples(); i++) {
            vault.post(versionPath(key, version) + "/wrapkey" + API, Map.of("alg", ALG, "value", plain));
            long done = System.nanoTime();
            awaitUsage(List.of(key), i);
            latencies.add(System.nanoTime() - done);
        }
        Measurement p99 = Measurement.figure(
                "audit: a key use visible in a query, p99", latencies.percentileMillis(99), "ms", false);
        double ingest = ingestRecordsPerSecond();
        return List.of(
                p99.against(Measurement.floor("limit: 2 s", 2000, "ms", false), 1.0),
                Measurement.figure("audit: usage records ingested until queryable", ingest, "records/s", true)
                        .against(Measurement.floor("goal: 50,000 records/s", 50_000, "records/s", true), 1.0));
    }

    /** KeyUsed records produced straight to the usage topic, as the vault would, until the audit's totals show all. */
    private double ingestRecordsPerSecond() throws Exception {
        int records = plan.ingestRecords();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            keys.add("bench-ingest-" + run + "-" + i);
        }
        progress.println("system: audit ingest of " + records + " usage records over " + keys.size() + " keys");
        EventJson json = new EventJson();
        URI source = URI.create("urn:rekey:vault:bench");
        KeyVersion version = KeyVersion.random();
        CallerId caller = CallerId.of("storage");
        List<ProducerRecord<byte[], byte[]>> batch = new ArrayList<>(records);
        Instant now = Instant.now();
        for (int i = 0; i < records; i++) {
            String key = keys.get(i % keys.size());
            KeyUsed used = new KeyUsed(
                    KeyName.of(key), version, KeyOperation.UNWRAP, ALG, caller, UsageOutcome.SUCCEEDED, null, now);
            batch.add(new ProducerRecord<>(
                    TopicCatalogue.VAULT_KEY_USAGE,
                    key.getBytes(StandardCharsets.UTF_8),
                    json.write(EventEnvelope.of(source, i + 1, used, now))));
        }
        KafkaClients clients = KafkaClients.forBootstrap(system.bootstrap());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(clients.producer("bench-usage"))) {
            long start = System.nanoTime();
            batch.forEach(producer::send);
            producer.flush();
            awaitUsage(keys, records / keys.size());
            return records / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** Polls the usage query until each key's total reaches the count. */
    private void awaitUsage(List<String> keys, long countPerKey) throws Exception {
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
        String range =
                "?granularity=hour&from=" + hour.minus(1, ChronoUnit.HOURS) + "&to=" + hour.plus(2, ChronoUnit.HOURS);
        JsonHttp audit = system.audit();
        long deadline = System.nanoTime() + WAIT.toNanos();
        int done = 0;
        while (done < keys.size()) {
            long count = audit.get("/keys/" + keys.get(done) + "/usage" + range)
                    .path("totals")
                    .path("count")
                    .asLong();
            if (count >= countPerKey) {
                done++;
                continue;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("audit showed " + count + " of " + countPerKey + " uses of "
                        + keys.get(done) + " after " + WAIT);
            }
            Thread.sleep(5);
        }
    }

    // --- helpers ---

    /**
     * The RSA floor measured again right before the figure it is set beside: on a shared machine the load drifts
     * over a run, and a floor taken minutes earlier can be off by a factor of four.
     */
    private Measurement rsaFloorNow(boolean unwrap) throws Exception {
        int threads = Runtime.getRuntime().availableProcessors();
        double rate = CryptoFloors.rsaOpsPerSecond(KEY_BITS, unwrap, threads, plan.rsaDuration());
        return Measurement.floor(
                "floor: RSA-" + KEY_BITS + (unwrap ? " unwrap" : " wrap") + ", all cores, measured just before",
                rate,
                "ops/s",
                true);
    }

    private Measurement floor(String prefix) {
        return floors.stream()
                .filter(m -> m.name().startsWith(prefix))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no floor named '" + prefix + "' was measured"));
    }

    private String createKey(String name) {
        JsonNode bundle = system.vault()
                .post(
                        "/keys/" + name + "/create" + API,
                        Map.of("kty", "RSA", "key_size", KEY_BITS, "key_ops", List.of("wrapKey", "unwrapKey")));
        return versionOf(bundle);
    }

    /** Accounts that follow the key's latest version, made by concurrent callers; each gets the bench container. */
    private List<String> createAccounts(String prefix, int count, String key) throws Exception {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            names.add(prefix + i);
        }
        Map<String, Object> encryption = Map.of(
                "keySource",
                "Microsoft.Keyvault",
                "keyvaultproperties",
                Map.of("keyvaulturi", system.vaultUrl(), "keyname", key));
        parallel(count, plan.httpThreads(), i -> {
            byte[] body = EventJson.mapper().writeValueAsBytes(Map.of("name", names.get(i), "encryption", encryption));
            expectCreated(HttpRequest.newBuilder(URI.create(system.storageUrl() + "/accounts"))
                    .header("Authorization", "Bearer " + system.adminToken())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build());
            expectCreated(HttpRequest.newBuilder(
                            URI.create(system.storageUrl() + "/accounts/" + names.get(i) + "/containers/" + CONTAINER))
                    .header("Authorization", "Bearer " + system.adminToken())
                    .PUT(HttpRequest.BodyPublishers.noBody())
                    .build());
        });
        return names;
    }

    private static void parallel(int count, int threads, Step step) throws Exception {
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, count)));
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < Math.max(1, Math.min(threads, count)); t++) {
                futures.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        step.run(i);
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private void expect(int status, HttpRequest request) throws Exception {
        HttpResponse<String> response = system.http().send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != status) {
            throw new IllegalStateException(request.method() + " "
                    + request.uri().getPath() + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    private void expectCreated(HttpRequest request) throws Exception {
        HttpResponse<String> response = system.http().send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200 && response.statusCode() != 201) {
            throw new IllegalStateException(request.method() + " "
                    + request.uri().getPath() + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    private int status(HttpRequest request) {
        try {
            return system.http()
                    .send(request, HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (Exception e) {
            throw new IllegalStateException("calling " + request.uri() + " failed", e);
        }
    }

    private static String versionPath(String key, String version) {
        return "/keys/" + key + "/" + version;
    }

    private static String versionOf(JsonNode bundle) {
        String kid = bundle.path("key").path("kid").asText();
        return kid.substring(kid.lastIndexOf('/') + 1);
    }

    static String megabytes(long bytes) {
        if (bytes >= 1L << 30 && bytes % (1L << 30) == 0) {
            return (bytes >> 30) + " GiB";
        }
        if (bytes >= 1L << 20) {
            return (bytes >> 20) + " MiB";
        }
        return (bytes >> 10) + " KiB";
    }

    private interface Step {
        void run(int index) throws Exception;
    }
}
