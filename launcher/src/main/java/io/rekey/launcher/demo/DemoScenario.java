package io.rekey.launcher.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.rekey.launcher.client.JsonHttp;
import io.rekey.launcher.client.ServiceError;
import io.rekey.launcher.local.LocalCallers;
import io.rekey.launcher.local.LocalEndpoints;
import io.rekey.launcher.local.LocalSystem;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * The demo's scenario, through the public HTTP APIs only: a customer key, accounts that follow it, one pinned to a
 * version and one on a service-managed key, real files as blobs, then rotate, revoke and restore, each measured and
 * checked, and finally the audit trail of it all.
 */
final class DemoScenario {
    private static final String API = "?api-version=7.5";
    private static final String CONTAINER = "files";
    private static final int FOLLOWING_ACCOUNTS = 3;
    private static final Duration WAIT_LIMIT = Duration.ofSeconds(60);

    private final LocalSystem system;
    private final DemoReport report;
    private final Path filesDir;
    private final int maxFiles;
    private final long maxFileBytes;
    private final JsonHttp vault;
    private final JsonHttp storage;
    private final JsonHttp audit;
    private final String runId = UUID.randomUUID().toString().replace("-", "").substring(0, 6);
    private final Map<String, Boolean> checks = new LinkedHashMap<>();

    private final String keyName = "demo-key-" + runId;
    private final List<String> following = new ArrayList<>();
    private String pinned;
    private String serviceManaged;
    private final List<UploadedBlob> blobs = new ArrayList<>();

    record UploadedBlob(String account, String name, String sha256, long size) {}

    DemoScenario(LocalSystem system, DemoReport report, Path filesDir, int maxFiles, long maxFileBytes) {
        this.system = system;
        this.report = report;
        this.filesDir = filesDir;
        this.maxFiles = maxFiles;
        this.maxFileBytes = maxFileBytes;
        LocalEndpoints endpoints = system.endpoints();
        HttpClient client = endpoints.httpClient();
        this.vault = new JsonHttp(client, endpoints.vaultUrl(), endpoints.token(LocalCallers.ADMIN));
        this.storage = new JsonHttp(client, endpoints.storageUrl(), endpoints.token(LocalCallers.ADMIN));
        this.audit = new JsonHttp(client, endpoints.auditUrl(), endpoints.token(LocalCallers.AUDITOR));
    }

    DemoSummary run() throws Exception {
        report.line("vault " + vault.baseUrl() + ", storage " + storage.baseUrl() + ", audit " + audit.baseUrl());
        String firstVersion = createKey();
        createAccounts(firstVersion);
        Upload upload = uploadFiles();
        Map<Path, String> diskBefore = blobFilesOnDisk();
        Rotation rotation = rotate(firstVersion);
        checkBlobsIntact("after rotation");
        check("no blob file changed on disk during rotation", diskBefore.equals(blobFilesOnDisk()));
        Revocation revocation = revoke();
        long restoreMillis = restore();
        AuditFacts facts = queryAudit(firstVersion, rotation.version());
        return new DemoSummary(
                keyName,
                firstVersion,
                rotation.version(),
                following.size(),
                following.size() + 2,
                blobs.size(),
                upload.bytes(),
                upload.megabytesPerSecond(),
                rotation.millis(),
                revocation.millis(),
                restoreMillis,
                revocation.code(),
                revocation.message(),
                facts.historyTypes(),
                facts.callers(),
                facts.accountsPerVersion(),
                checks);
    }

    private String createKey() {
        report.step("Create a customer-managed RSA-3072 key '" + keyName + "' in the vault");
        Map<String, Object> body = Map.of("kty", "RSA", "key_size", 3072, "key_ops", List.of("wrapKey", "unwrapKey"));
        JsonNode key = vault.post("/keys/" + keyName + "/create" + API, body);
        String version = versionOf(key.path("key").path("kid").asText());
        report.line("kid " + key.path("key").path("kid").asText());
        return version;
    }

    private void createAccounts(String firstVersion) {
        report.step("Create accounts: " + FOLLOWING_ACCOUNTS + " following the key's latest version, one pinned to "
                + "version " + firstVersion.substring(0, 8) + "..., one with a service-managed key");
        for (int i = 1; i <= FOLLOWING_ACCOUNTS; i++) {
            following.add(createAccount("demo" + runId + "f" + i, customerManaged(null)));
        }
        pinned = createAccount("demo" + runId + "pin", customerManaged(firstVersion));
        serviceManaged = createAccount("demo" + runId + "svc", Map.of("keySource", "Microsoft.Storage"));
    }

    private Map<String, Object> customerManaged(String version) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("keyvaulturi", vault.baseUrl());
        properties.put("keyname", keyName);
        if (version != null) {
            properties.put("keyversion", version);
        }
        return Map.of("keySource", "Microsoft.Keyvault", "keyvaultproperties", properties);
    }

    private String createAccount(String name, Map<String, Object> encryption) {
        JsonNode account = storage.post("/accounts", Map.of("name", name, "encryption", encryption));
        storage.put("/accounts/" + name + "/containers/" + CONTAINER, Map.of());
        report.line(name + ": " + account.path("encryption").path("keySource").asText() + " "
                + account.path("encryption").path("keyIdInUse").asText(""));
        return name;
    }

    record Upload(long bytes, double megabytesPerSecond) {}

    private Upload uploadFiles() throws IOException {
        List<Path> files = filesToUpload();
        List<String> accounts = allAccounts();
        report.step("Upload " + files.size() + " files from "
                + filesDir.toAbsolutePath().normalize() + " across " + accounts.size() + " accounts");
        long bytes = 0;
        long start = System.nanoTime();
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            String account = accounts.get(i % accounts.size());
            String blob = blobName(file);
            storage.putFile(blobPath(account, blob), file, "application/octet-stream");
            blobs.add(new UploadedBlob(account, blob, sha256(file), Files.size(file)));
            bytes += Files.size(file);
            report.progress("uploaded", i + 1, files.size());
        }
        double seconds = Math.max(1e-9, (System.nanoTime() - start) / 1e9);
        double rate = bytes / seconds / 1e6;
        report.line(String.format(Locale.ROOT, "%s in %.1f s (%.1f MB/s)", DemoReport.bytes(bytes), seconds, rate));
        checkBlobsIntact("after upload");
        return new Upload(bytes, rate);
    }

    private List<Path> filesToUpload() throws IOException {
        Path root = filesDir.toAbsolutePath().normalize();
        Path data = system.dataDir();
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile)
                    .filter(path -> !path.startsWith(data))
                    .filter(path -> !isSkipped(root.relativize(path)))
                    .filter(path -> sizeOf(path) <= maxFileBytes)
                    .sorted()
                    .limit(maxFiles)
                    .toList();
        }
    }

    /** Version control, build output and Rekey's own data are not the user's files. */
    private static boolean isSkipped(Path relative) {
        for (Path part : relative) {
            String name = part.toString();
            if (name.equals(".git") || name.equals("target") || name.equals(".rekey") || name.equals("node_modules")) {
                return true;
            }
        }
        return false;
    }

    private static long sizeOf(Path path) {
        try {
            return Files.size(path);
        } catch (IOException e) {
            return Long.MAX_VALUE;
        }
    }

    /** Blob names are flat, so a path's separators become '~'. */
    private String blobName(Path file) {
        String relative = filesDir.toAbsolutePath().normalize().relativize(file).toString();
        String name = relative.replace('/', '~').replace('\\', '~');
        return name.length() > 150 ? name.substring(name.length() - 150) : name;
    }

    record Rotation(String version, long millis) {}

    private Rotation rotate(String firstVersion) throws Exception {
        report.step("Rotate the key; storage re-wraps the AEK of every account that follows it (no data is touched)");
        long start = System.nanoTime();
        JsonNode rotated = vault.post("/keys/" + keyName + "/rotate" + API, Map.of());
        String newVersion = versionOf(rotated.path("key").path("kid").asText());
        report.line("new version " + newVersion);
        boolean done =
                waitUntil(() -> following.stream().allMatch(a -> keyIdInUse(a).endsWith("/" + newVersion)));
        long millis = (System.nanoTime() - start) / 1_000_000;
        report.line("every following account re-wrapped " + millis + " ms after the rotate call");
        check("every following account is wrapped by the new version", done);
        check(
                "the pinned account stays on version " + firstVersion,
                keyIdInUse(pinned).endsWith("/" + firstVersion));
        check(
                "the service-managed account is untouched",
                !keyIdInUse(serviceManaged).contains(keyName));
        return new Rotation(newVersion, millis);
    }

    record Revocation(long millis, String code, String message) {}

    private Revocation revoke() throws Exception {
        report.step("Revoke the key; every account wrapped by it must refuse reads and writes");
        List<String> affected = customerAccounts();
        vault.post("/keys/" + keyName + "/revoke" + API, Map.of("scope", "key"));
        long start = System.nanoTime();
        boolean refused = waitUntil(() -> affected.stream().allMatch(a -> readStatus(a) == 403));
        long millis = (System.nanoTime() - start) / 1_000_000;
        ServiceError error = readError(affected.get(0));
        report.line("every affected account refused reads " + millis + " ms after the revoke call returned");
        report.line("a client now sees: HTTP " + error.status() + " " + error.code() + ": " + error.getMessage());
        check("every customer-managed account refuses reads after revocation", refused);
        check("writes are refused too", writeStatus(affected.get(0)) == 403);
        check("the service-managed account still reads", readStatus(serviceManaged) == 200);
        return new Revocation(millis, error.code(), error.getMessage());
    }

    private long restore() throws Exception {
        report.step("Restore the key; the accounts unlock and read again");
        vault.post("/keys/" + keyName + "/reinstate" + API, Map.of("scope", "key"));
        long start = System.nanoTime();
        boolean readable = waitUntil(() -> customerAccounts().stream().allMatch(a -> readStatus(a) == 200));
        long millis = (System.nanoTime() - start) / 1_000_000;
        report.line("reads work again " + millis + " ms after the restore call returned");
        check("every account reads again after restore", readable);
        checkBlobsIntact("after restore");
        return millis;
    }

    record AuditFacts(List<String> historyTypes, List<String> callers, Map<String, Integer> accountsPerVersion) {}

    private AuditFacts queryAudit(String firstVersion, String rotatedVersion) throws Exception {
        report.step("Ask the audit service what happened");
        List<String> expected = List.of("KeyCreated", "KeyRotated", "KeyRevoked", "KeyRestored");
        List<String> types = new ArrayList<>();
        boolean history = waitUntil(() -> {
            types.clear();
            types.addAll(historyTypes());
            return types.containsAll(expected);
        });
        report.line("history: " + String.join(" -> ", types));
        check("audit history shows created, rotated, revoked and restored", history);
        List<String> callers = new ArrayList<>();
        boolean storageUsedIt = waitUntil(() -> {
            callers.clear();
            callers.addAll(callersOfKey());
            return callers.contains(LocalCallers.STORAGE);
        });
        report.line("callers of the key: " + callers);
        check("audit usage names the storage service as a caller", storageUsedIt);
        Map<String, Integer> perVersion = new TreeMap<>();
        boolean rotationStatus = waitUntil(() -> {
            perVersion.clear();
            perVersion.putAll(accountsPerVersion());
            return perVersion.getOrDefault(rotatedVersion, 0) == following.size()
                    && perVersion.getOrDefault(firstVersion, 0) == 1;
        });
        report.line("accounts per version: " + perVersion);
        check(
                "audit rotation status: following accounts on the new version, the pinned one on the old",
                rotationStatus);
        return new AuditFacts(types, callers, perVersion);
    }

    private List<String> historyTypes() {
        List<String> types = new ArrayList<>();
        try {
            for (JsonNode entry : audit.get("/keys/" + keyName + "/history").path("value")) {
                types.add(entry.path("type").asText());
            }
        } catch (ServiceError e) {
            // Not there yet (404) or the store is restoring (503): the caller waits and asks again.
        }
        return types;
    }

    private List<String> callersOfKey() {
        List<String> callers = new ArrayList<>();
        Instant now = Instant.now();
        String range = "?from=" + now.minus(Duration.ofHours(1)) + "&to=" + now.plus(Duration.ofMinutes(1));
        try {
            for (JsonNode entry :
                    audit.get("/keys/" + keyName + "/callers" + range).path("value")) {
                callers.add(entry.path("caller").asText());
            }
        } catch (ServiceError e) {
            // As above: wait and ask again.
        }
        return callers;
    }

    private Map<String, Integer> accountsPerVersion() {
        Map<String, Integer> perVersion = new TreeMap<>();
        try {
            JsonNode status = audit.get("/keys/" + keyName + "/rotation-status");
            status.path("versions")
                    .forEach(version -> perVersion.put(
                            version.path("version").asText(),
                            version.path("accounts").asInt()));
        } catch (ServiceError e) {
            // As above: wait and ask again.
        }
        return perVersion;
    }

    private void checkBlobsIntact(String when) {
        int identical = 0;
        for (UploadedBlob blob : blobs) {
            if (blob.sha256().equals(sha256(storage.bytes(blobPath(blob.account(), blob.name()))))) {
                identical++;
            }
            report.progress("verified " + when, identical, blobs.size());
        }
        check(
                "every blob reads back byte-identical " + when + " (" + identical + "/" + blobs.size() + ")",
                identical == blobs.size());
    }

    private Map<Path, String> blobFilesOnDisk() throws IOException {
        Path root = system.dataDir().resolve("storage").resolve("blobs");
        Map<Path, String> digests = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                digests.put(root.relativize(file), sha256(file));
            }
        }
        return digests;
    }

    private String keyIdInUse(String account) {
        return storage.get("/accounts/" + account)
                .path("encryption")
                .path("keyIdInUse")
                .asText("");
    }

    private int readStatus(String account) {
        try {
            storage.bytes(blobPath(account, firstBlobOf(account)));
            return 200;
        } catch (ServiceError e) {
            return e.status();
        }
    }

    private ServiceError readError(String account) {
        try {
            storage.bytes(blobPath(account, firstBlobOf(account)));
            return new ServiceError(200, "None", "the read was not refused");
        } catch (ServiceError e) {
            return e;
        }
    }

    private int writeStatus(String account) {
        try {
            storage.putBytes(blobPath(account, "written-while-revoked"), new byte[] {1, 2, 3}, "text/plain");
            return 201;
        } catch (ServiceError e) {
            return e.status();
        }
    }

    private String firstBlobOf(String account) {
        return blobs.stream()
                .filter(blob -> blob.account().equals(account))
                .findFirst()
                .map(UploadedBlob::name)
                .orElseGet(() -> {
                    storage.putBytes(blobPath(account, "probe"), new byte[] {42}, "text/plain");
                    blobs.add(new UploadedBlob(account, "probe", sha256(new byte[] {42}), 1));
                    return "probe";
                });
    }

    private List<String> allAccounts() {
        List<String> all = new ArrayList<>(following);
        all.add(pinned);
        all.add(serviceManaged);
        return all;
    }

    private List<String> customerAccounts() {
        List<String> customer = new ArrayList<>(following);
        customer.add(pinned);
        return customer;
    }

    private static String blobPath(String account, String blob) {
        return "/accounts/" + account + "/containers/" + CONTAINER + "/blobs/"
                + java.net.URLEncoder.encode(blob, java.nio.charset.StandardCharsets.UTF_8)
                        .replace("+", "%20");
    }

    private void check(String what, boolean held) {
        checks.put(what, held);
        report.check(what, held);
    }

    private static boolean waitUntil(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(5);
        }
        return condition.getAsBoolean();
    }

    private static String versionOf(String kid) {
        return kid.substring(kid.lastIndexOf('/') + 1);
    }

    private static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("could not hash " + file, e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
