package io.rekey.storage.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.rekey.service.config.Settings;
import io.rekey.storage.StorageService;
import io.rekey.testkit.KafkaClusterExtension;
import io.rekey.vault.VaultService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * storage-service end to end, against a real Kafka broker and the real vault-service in this JVM. One vault and one
 * storage instance serve every test (storage is restarted in one of them); each test uses its own keys and accounts,
 * so the tests do not depend on each other's order.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StorageServiceIT {
    @RegisterExtension
    static final KafkaClusterExtension KAFKA = KafkaClusterExtension.shared();

    private static final String STORAGE_TOKEN = "storage-vault-token";
    private static final String ADMIN_TOKEN = "vault-admin-token";
    private static final String USER_TOKEN = "alice-token";
    private static final long MAX_BLOB = 8L * 1024 * 1024;
    private static final int SEGMENT = 64 * 1024;
    private static final AtomicInteger NAMES = new AtomicInteger();

    private static Path dir;
    private static VaultService vault;
    private static TcpSwitch cable;
    private static StorageService storage;
    private static Http api;
    private static Http vaultAdmin;
    private static String vaultUrl;

    @BeforeAll
    static void startVaultAndStorage() throws IOException {
        dir = Files.createTempDirectory("storage-it");
        vault = VaultService.start(Settings.of(Map.of(
                "kafka.bootstrap.servers",
                KAFKA.bootstrapServers(),
                "vault.data.dir",
                dir.resolve("vault").toString(),
                "vault.callers.storage.token",
                STORAGE_TOKEN,
                "vault.callers.storage.permissions",
                "get,wrap,unwrap",
                "vault.callers.admin.token",
                ADMIN_TOKEN,
                "vault.callers.admin.permissions",
                "all",
                "vault.http.plaintext",
                "true")));
        vaultAdmin = new Http(vault.baseUrl(), ADMIN_TOKEN);
        cable = new TcpSwitch(vault.port());
        vaultUrl = "http://127.0.0.1:" + cable.port();
        startStorage();
    }

    @AfterAll
    static void stopAll() throws IOException {
        if (storage != null) {
            storage.close();
        }
        if (cable != null) {
            cable.close();
        }
        if (vault != null) {
            vault.close();
        }
    }

    private static void startStorage() {
        Map<String, String> settings = new HashMap<>();
        settings.put("kafka.bootstrap.servers", KAFKA.bootstrapServers());
        settings.put("storage.data.dir", dir.resolve("storage").toString());
        settings.put("storage.vault.url", vaultUrl);
        settings.put("storage.vault.token", STORAGE_TOKEN);
        settings.put("storage.callers.alice.token", USER_TOKEN);
        settings.put("storage.blob.max.bytes", Long.toString(MAX_BLOB));
        settings.put("storage.segment.bytes", Integer.toString(SEGMENT));
        settings.put("storage.retry.max", "500ms");
        settings.put("events.signing.public.key", vault.signingKeys().publicKeyText());
        storage = StorageService.start(Settings.of(settings));
        api = new Http(storage.baseUrl(), USER_TOKEN);
    }

    // ---- accounts and blobs -------------------------------------------------------------------------------------

    @Test
    void givenServiceManagedAccount_whenBlobsFromEmptyToSeveralMiB_thenReadBackByteIdenticalWithRanges() {
        String account = newAccount(Map.of("keySource", "Microsoft.Storage"));
        createContainer(account, "data");

        for (int size : new int[] {0, 1, SEGMENT - 1, SEGMENT, SEGMENT + 1, 3 * 1024 * 1024 + 17}) {
            byte[] data = random(size, size);
            Http.Reply put = api.put(blobPath(account, "data", "blob-" + size), data);
            assertEquals(201, put.status(), put.json().toString());
            assertEquals(sha256(data), put.header("x-ms-content-sha256"));

            Http.Reply get = api.get(blobPath(account, "data", "blob-" + size));
            assertEquals(200, get.status());
            assertArrayEquals(data, get.body(), "size " + size);
            assertEquals(put.header("ETag"), get.header("ETag"));
            assertEquals("sha-256=:" + sha256(data) + ":", get.header("Content-Digest"));
        }

        byte[] big = random(3 * 1024 * 1024 + 17, 3 * 1024 * 1024 + 17);
        String path = blobPath(account, "data", "blob-" + big.length);
        assertRange(path, big, "bytes=0-0", 0, 1);
        assertRange(path, big, "bytes=65530-200000", 65530, 200000 - 65530 + 1);
        assertRange(path, big, "bytes=-100", big.length - 100, 100);
        assertRange(path, big, "bytes=3000000-", 3000000, big.length - 3000000);
        Http.Reply outside = api.get(path, "Range", "bytes=" + big.length + "-");
        assertEquals(416, outside.status());
        assertEquals("InvalidRange", outside.code());
        assertEquals("bytes */" + big.length, outside.header("Content-Range"));
        assertEquals(
                416,
                api.get(blobPath(account, "data", "blob-0"), "Range", "bytes=0-0")
                        .status());

        Http.Reply head = api.head(path);
        assertEquals(200, head.status());
        assertEquals(Integer.toString(big.length), head.header("Content-Length"));
        assertEquals(sha256(big), head.header("x-ms-content-sha256"));
        assertEquals(0, head.body().length);

        JsonNode account1 = api.get("/accounts/" + account).json();
        assertEquals(
                "Microsoft.Storage",
                account1.path("encryption").path("keySource").asText());
        assertEquals("active", account1.path("state").asText());
    }

    @Test
    void givenBlobs_whenListedByPrefixWithPagination_thenEveryNameOnceInOrder() {
        String account = newAccount(Map.of("keySource", "Microsoft.Storage"));
        createContainer(account, "list");
        for (String name : List.of("a-1", "a-2", "a-3", "a-4", "a-5", "b-1")) {
            assertEquals(
                    201,
                    api.put(blobPath(account, "list", name), name.getBytes(StandardCharsets.UTF_8))
                            .status());
        }

        List<String> seen = new ArrayList<>();
        String marker = "";
        do {
            JsonNode page = api.get(
                            "/accounts/" + account + "/containers/list/blobs?prefix=a-&maxresults=2&marker=" + marker)
                    .json();
            page.path("value").forEach(blob -> seen.add(blob.path("name").asText()));
            marker = page.hasNonNull("nextMarker") ? page.path("nextMarker").asText() : null;
            assertTrue(seen.size() <= 5, "pagination must end");
        } while (marker != null);

        assertEquals(List.of("a-1", "a-2", "a-3", "a-4", "a-5"), seen);
        JsonNode containers = api.get("/accounts/" + account + "/containers").json();
        assertEquals("list", containers.path("value").get(0).path("name").asText());
        assertEquals(202, api.delete(blobPath(account, "list", "a-1")).status());
        assertEquals(404, api.get(blobPath(account, "list", "a-1")).status());
        assertEquals(
                204, api.delete("/accounts/" + account + "/containers/list").status());
        assertEquals(
                "ContainerNotFound", api.get(blobPath(account, "list", "a-2")).code());
    }

    @Test
    void givenCustomerManagedAccount_whenCreated_thenShowsVersionedKeyIdAndServesBlobs() {
        String key = newKey();
        String version = latestVersion(key);
        String account = newAccount(Http.vaultKey(vaultUrl, key, null));
        createContainer(account, "box1");

        byte[] data = random(200_000, 1);
        assertEquals(201, api.put(blobPath(account, "box1", "x"), data).status());
        assertArrayEquals(data, api.get(blobPath(account, "box1", "x")).body());

        JsonNode encryption = api.get("/accounts/" + account).json().path("encryption");
        assertEquals("Microsoft.Keyvault", encryption.path("keySource").asText());
        assertEquals(
                vaultUrl + "/keys/" + key + "/" + version,
                encryption.path("keyIdInUse").asText());
        assertEquals(
                "", encryption.path("keyvaultproperties").path("keyversion").asText());
    }

    @Test
    void givenAccount_whenEncryptionSwitchedBothWays_thenOnlyTheAekIsRewrappedAndBlobsStayIdentical()
            throws IOException {
        String key = newKey();
        String account = newAccount(Map.of("keySource", "Microsoft.Storage"));
        createContainer(account, "box");
        byte[] data = random(150_000, 2);
        api.put(blobPath(account, "box", "b"), data);
        byte[] fileBefore = Files.readAllBytes(blobFile(account, "box", "b"));

        Http.Reply toVault = api.putJson("/accounts/" + account + "/encryption", Http.vaultKey(vaultUrl, key, null));
        assertEquals(200, toVault.status(), toVault.json().toString());
        assertEquals(
                "Microsoft.Keyvault",
                toVault.json().path("encryption").path("keySource").asText());
        assertArrayEquals(data, api.get(blobPath(account, "box", "b")).body());

        Http.Reply back = api.putJson("/accounts/" + account + "/encryption", Map.of("keySource", "Microsoft.Storage"));
        assertEquals(200, back.status());
        assertArrayEquals(data, api.get(blobPath(account, "box", "b")).body());
        assertArrayEquals(fileBefore, Files.readAllBytes(blobFile(account, "box", "b")));
    }

    @Test
    void givenBadInput_whenCalled_thenClear4xxWithStableCodesAndNothingHalfWritten() throws IOException {
        String account = newAccount(Map.of("keySource", "Microsoft.Storage"));
        createContainer(account, "box");

        assertEquals(
                "AccountNotFound", api.get("/accounts/nosuchaccount/containers").code());
        assertEquals(
                "InvalidAccountName", api.get("/accounts/Bad_Name/containers").code());
        assertEquals(
                "ContainerNotFound",
                api.put(blobPath(account, "nope", "b"), new byte[1]).code());
        assertEquals(
                "InvalidContainerName",
                api.put("/accounts/" + account + "/containers/A..B").code());
        assertEquals(
                "InvalidBlobName",
                api.put(blobPath(account, "box", ".."), new byte[1]).code());
        assertEquals(
                "InvalidBlobName",
                api.put(blobPath(account, "box", "a..b"), new byte[1]).code());
        assertEquals(
                "InvalidBlobName",
                api.put(blobPath(account, "box", "bell%07"), new byte[1]).code());
        Http.Reply slash = api.put(blobPath(account, "box", "a%2Fb"), new byte[1]);
        assertEquals(400, slash.status());
        assertEquals(
                "BlobNotFound", api.get(blobPath(account, "box", "missing")).code());
        assertEquals(
                "AccountAlreadyExists",
                api.post("/accounts", Map.of("name", account)).code());
        assertEquals(
                "UnknownKeyVault",
                api.post(
                                "/accounts",
                                Map.of(
                                        "name",
                                        "acct" + NAMES.incrementAndGet(),
                                        "encryption",
                                        Http.vaultKey("http://example.invalid", "k", null)))
                        .code());
        assertEquals(401, new Http(storage.baseUrl(), "wrong").get("/accounts").status());

        // Own clients: a server that answers before reading the whole body is not a connection to pool.
        Http.Reply declared = new Http(storage.baseUrl(), USER_TOKEN, true)
                .put(blobPath(account, "box", "big"), new byte[(int) MAX_BLOB + 1]);
        assertEquals(413, declared.status());
        assertEquals("BlobTooLarge", declared.code());
        Http.Reply streamed = new Http(storage.baseUrl(), USER_TOKEN, true)
                .putStream(
                        blobPath(account, "box", "big"),
                        java.net.http.HttpRequest.BodyPublishers.ofInputStream(
                                () -> new java.io.ByteArrayInputStream(new byte[(int) MAX_BLOB + 1])));
        assertEquals(413, streamed.status());
        assertEquals(404, api.head(blobPath(account, "box", "big")).status());
        try (var temporary = Files.list(dir.resolve("storage").resolve("tmp"))) {
            assertEquals(0, temporary.count(), "no temporary file is left behind");
        }
    }

    // ---- rotation -----------------------------------------------------------------------------------------------

    @Test
    void givenFollowingAndPinnedAccounts_whenKeyRotated_thenFollowersRewrappedPinnedNotAndBlobFilesUntouched()
            throws IOException {
        String key = newKey();
        String v1 = latestVersion(key);
        String follower1 = newAccount(Http.vaultKey(vaultUrl, key, null));
        String follower2 = newAccount(Http.vaultKey(vaultUrl, key, null));
        String pinned = newAccount(Http.vaultKey(vaultUrl, key, v1));
        Map<String, byte[]> blobs = new HashMap<>();
        Map<String, byte[]> files = new HashMap<>();
        for (String account : List.of(follower1, follower2, pinned)) {
            createContainer(account, "box");
            for (int i = 0; i < 3; i++) {
                byte[] data = random(70_000 * i + 5, i + account.hashCode());
                api.put(blobPath(account, "box", "b" + i), data);
                blobs.put(account + "/b" + i, data);
                files.put(account + "/b" + i, Files.readAllBytes(blobFile(account, "box", "b" + i)));
            }
        }

        String v2 = rotate(key);

        awaitUntil(
                () -> keyIdInUse(follower1).endsWith(v2)
                        && keyIdInUse(follower2).endsWith(v2),
                "re-wrap");
        assertTrue(
                keyIdInUse(pinned).endsWith(v1),
                () -> "a pinned account stays on its version " + v1 + ": "
                        + api.get("/accounts/" + pinned).json());
        JsonNode rewrapped = api.get("/accounts/" + follower1).json().path("encryption");
        assertTrue(rewrapped.hasNonNull("lastRewrappedAt"));
        assertFalse(api.get("/accounts/" + pinned).json().path("encryption").hasNonNull("lastRewrappedAt"));
        for (String account : List.of(follower1, follower2, pinned)) {
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(
                        blobs.get(account + "/b" + i),
                        api.get(blobPath(account, "box", "b" + i)).body());
                assertArrayEquals(files.get(account + "/b" + i), Files.readAllBytes(blobFile(account, "box", "b" + i)));
            }
        }
    }

    @Test
    void givenVaultUnreachable_whenKeyRotated_thenNoAccountLosesAccessAndRewrapCompletesWhenBack() throws IOException {
        String key = newKey();
        String v1 = latestVersion(key);
        String a = newAccount(Http.vaultKey(vaultUrl, key, null));
        String b = newAccount(Http.vaultKey(vaultUrl, key, null));
        byte[] data = random(100_000, 3);
        for (String account : List.of(a, b)) {
            createContainer(account, "box");
            api.put(blobPath(account, "box", "before"), data);
        }

        cable.cut();
        String v2;
        try {
            v2 = rotate(key);
            Instant until = Instant.now().plusMillis(1500);
            while (Instant.now().isBefore(until)) {
                for (String account : List.of(a, b)) {
                    assertArrayEquals(
                            data, api.get(blobPath(account, "box", "before")).body());
                    assertTrue(keyIdInUse(account).endsWith(v1), "the old wrap stays until the new one is recorded");
                }
            }
            assertEquals(201, api.put(blobPath(a, "box", "during"), data).status());
        } finally {
            cable.restore();
        }

        awaitUntil(() -> keyIdInUse(a).endsWith(v2) && keyIdInUse(b).endsWith(v2), "re-wrap after the vault is back");
        assertArrayEquals(data, api.get(blobPath(a, "box", "during")).body());
        assertArrayEquals(data, api.get(blobPath(b, "box", "before")).body());
    }

    // ---- revocation ---------------------------------------------------------------------------------------------

    @Test
    void givenKeyRevoked_whenBlobsUsed_thenRefusedWithinASecondAndDocumentedOperationsStillWork() {
        String key = newKey();
        String account = newAccount(Http.vaultKey(vaultUrl, key, null));
        createContainer(account, "box");
        byte[] data = random(10_000, 4);
        api.put(blobPath(account, "box", "keep"), data);
        api.put(blobPath(account, "box", "drop"), data);

        Instant revoked = Instant.now();
        revoke(key, Map.of("scope", "key"));
        awaitUntil(() -> api.get(blobPath(account, "box", "keep")).status() == 403, "lock");
        long millis = Duration.between(revoked, Instant.now()).toMillis();
        assertTrue(millis < 1000, "revocation took " + millis + " ms");

        awaitUntil(() -> api.get("/accounts/" + account).json().path("lock").has("reason"), "AccountLocked");
        assertRefusedAsRevoked(api.get(blobPath(account, "box", "keep")), key);
        assertRefusedAsRevoked(api.put(blobPath(account, "box", "new"), data), key);
        assertRefusedAsRevoked(api.put("/accounts/" + account + "/containers/more"), key);
        JsonNode locked = api.get("/accounts/" + account).json();
        assertEquals("locked", locked.path("state").asText());
        assertEquals("KEY_REVOKED", locked.path("lock").path("reason").asText());
        assertEquals(200, api.get("/accounts/" + account + "/containers").status());
        assertEquals(
                1 + 1,
                api.get("/accounts/" + account + "/containers/box/blobs")
                        .json()
                        .path("value")
                        .size());
        assertEquals(200, api.head(blobPath(account, "box", "keep")).status());
        assertEquals(202, api.delete(blobPath(account, "box", "drop")).status());

        reinstate(key, Map.of("scope", "key"));
        awaitUntil(() -> api.get(blobPath(account, "box", "keep")).status() == 200, "unlock");
        assertArrayEquals(data, api.get(blobPath(account, "box", "keep")).body());
        assertEquals(201, api.put(blobPath(account, "box", "new"), data).status());
        assertEquals(
                "active", api.get("/accounts/" + account).json().path("state").asText());
    }

    @Test
    void givenOneVersionRevoked_whenUsed_thenOnlyAccountsOnThatVersionLockAndRestoreUnlocks() {
        String key = newKey();
        String v1 = latestVersion(key);
        String onV1 = newAccount(Http.vaultKey(vaultUrl, key, v1));
        String v2 = rotate(key);
        String onV2 = newAccount(Http.vaultKey(vaultUrl, key, v2));
        byte[] data = random(5000, 5);
        for (String account : List.of(onV1, onV2)) {
            createContainer(account, "box");
            api.put(blobPath(account, "box", "b"), data);
        }

        revoke(key, Map.of("scope", "version", "version", v1));
        awaitLocked(onV1);
        assertRefusedAsRevoked(api.put(blobPath(onV1, "box", "b2"), data), key);
        assertEquals(
                "VERSION_REVOKED",
                api.get("/accounts/" + onV1).json().path("lock").path("reason").asText());
        assertArrayEquals(data, api.get(blobPath(onV2, "box", "b")).body());

        reinstate(key, Map.of("scope", "version", "version", v1));
        awaitUntil(() -> api.get(blobPath(onV1, "box", "b")).status() == 200, "unlock of the version");
        assertArrayEquals(data, api.get(blobPath(onV1, "box", "b")).body());
    }

    @Test
    void givenStoragesOwnAccessRevoked_whenUsed_thenRefusedAndRestoreUnlocks() {
        String key = newKey();
        String account = newAccount(Http.vaultKey(vaultUrl, key, null));
        createContainer(account, "box");
        byte[] data = random(5000, 6);
        api.put(blobPath(account, "box", "b"), data);

        revoke(key, Map.of("scope", "caller", "caller", "storage"));
        awaitLocked(account);
        assertRefusedAsRevoked(api.get(blobPath(account, "box", "b")), key);
        assertEquals(
                "CALLER_REVOKED",
                api.get("/accounts/" + account)
                        .json()
                        .path("lock")
                        .path("reason")
                        .asText());

        reinstate(key, Map.of("scope", "caller", "caller", "storage"));
        awaitUntil(() -> api.get(blobPath(account, "box", "b")).status() == 200, "unlock of storage's access");
    }

    @Test
    void givenLockedAccount_whenStorageRestarts_thenLockedBeforeFirstRequest() {
        String key = newKey();
        String lockedBefore = newAccount(Http.vaultKey(vaultUrl, key, null));
        String otherKey = newKey();
        String lockedWhileDown = newAccount(Http.vaultKey(vaultUrl, otherKey, null));
        byte[] data = random(5000, 7);
        for (String account : List.of(lockedBefore, lockedWhileDown)) {
            createContainer(account, "box");
            api.put(blobPath(account, "box", "b"), data);
        }
        revoke(key, Map.of("scope", "key"));
        awaitUntil(() -> api.get(blobPath(lockedBefore, "box", "b")).status() == 403, "lock");

        storage.close();
        revoke(otherKey, Map.of("scope", "key"));
        startStorage();

        assertRefusedAsRevoked(api.get(blobPath(lockedBefore, "box", "b")), key);
        assertRefusedAsRevoked(api.get(blobPath(lockedWhileDown, "box", "b")), otherKey);

        reinstate(key, Map.of("scope", "key"));
        reinstate(otherKey, Map.of("scope", "key"));
        awaitUntil(
                () -> api.get(blobPath(lockedBefore, "box", "b")).status() == 200
                        && api.get(blobPath(lockedWhileDown, "box", "b")).status() == 200,
                "unlock after restart");
    }

    @Test
    void givenUnusableKeyEventRecords_whenConsumed_thenParkedAndConsumerGoesOn() {
        long parkedBefore = storage.parkedKeyEvents();
        Map<String, Object> props = KAFKA.clientProperties();
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>("vault.key-events", "k".getBytes(), "not json".getBytes()));
            producer.send(new ProducerRecord<>(
                    "vault.key-events",
                    "k".getBytes(),
                    ("{\"specversion\":\"1.0\",\"id\":\"x\",\"source\":\"urn:forged\","
                                    + "\"type\":\"io.rekey.vault.KeyRevoked\",\"subject\":\"k\",\"time\":\"2026-01-01T00:00:00Z\",\"schemaversion\":1,"
                                    + "\"sequence\":1,\"data\":{\"key\":\"k\",\"scope\":\"KEY\"}}")
                            .getBytes()));
            producer.flush();
        }
        awaitUntil(() -> storage.parkedKeyEvents() >= parkedBefore + 2, "parking");

        String key = newKey();
        String account = newAccount(Http.vaultKey(vaultUrl, key, null));
        createContainer(account, "box");
        revoke(key, Map.of("scope", "key"));
        awaitUntil(() -> api.get(blobPath(account, "box", "x")).status() == 403, "the consumer went on");
        assertTrue(storage.isHealthy());
        assertEquals(204, api.delete("/accounts/" + account).status(), "a locked account can be deleted");
        assertEquals("AccountNotFound", api.get("/accounts/" + account).code());
    }

    // ---- tampering ----------------------------------------------------------------------------------------------

    @Test
    void givenTamperedBlobFiles_whenRead_thenEachRefusedAndNoneReturnsWrongBytes() throws IOException {
        String account = newAccount(Http.vaultKey(vaultUrl, newKey(), null));
        createContainer(account, "tamper");
        int size = 3 * SEGMENT - 100;
        int sealed = SEGMENT + 16;
        int header = headerLength(account);
        Map<String, java.util.function.UnaryOperator<byte[]>> tampering = new java.util.LinkedHashMap<>();
        tampering.put("header-bit", bytes -> flip(bytes, 30));
        tampering.put("first-segment-bit", bytes -> flip(bytes, header + 10));
        tampering.put("middle-segment-bit", bytes -> flip(bytes, header + sealed + 10));
        tampering.put("tag-bit", bytes -> flip(bytes, header + sealed - 3));
        tampering.put("truncated-last-segment", bytes -> Arrays.copyOf(bytes, bytes.length - 50));
        tampering.put("swapped-segments", bytes -> swap(bytes, header, sealed));

        for (Map.Entry<String, java.util.function.UnaryOperator<byte[]>> tamper : tampering.entrySet()) {
            byte[] data = random(size, tamper.getKey().hashCode());
            String blob = tamper.getKey();
            assertEquals(201, api.put(blobPath(account, "tamper", blob), data).status());
            Path file = blobFile(account, "tamper", blob);
            Files.write(file, tamper.getValue().apply(Files.readAllBytes(file)));

            assertRefusedWithoutWrongBytes(() -> api.get(blobPath(account, "tamper", blob)), data, blob);
            // A range read authenticates the header, the last segment and every segment it covers; a damaged
            // segment outside the range is not read, so the range's bytes, if served, are the original ones.
            Http.Reply ranged = api.get(blobPath(account, "tamper", blob), "Range", "bytes=0-99");
            if (blob.equals("middle-segment-bit")) {
                assertEquals(206, ranged.status());
                assertArrayEquals(Arrays.copyOf(data, 100), ranged.body());
            } else {
                assertRefusedWithoutWrongBytes(() -> ranged, data, blob + " ranged");
            }
        }

        byte[] one = random(1000, 8);
        byte[] other = random(1000, 9);
        api.put(blobPath(account, "tamper", "one"), one);
        api.put(blobPath(account, "tamper", "other"), other);
        Files.copy(
                blobFile(account, "tamper", "one"),
                blobFile(account, "tamper", "other"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertRefusedWithoutWrongBytes(() -> api.get(blobPath(account, "tamper", "other")), other, "copied over");
        assertArrayEquals(one, api.get(blobPath(account, "tamper", "one")).body());
    }

    // ---- concurrency --------------------------------------------------------------------------------------------

    @Test
    void given32Threads_whenPutAndGetAcrossAccounts_thenNoFailuresAndNoMixedData() throws Exception {
        String key = newKey();
        List<String> accounts = List.of(
                newAccount(Map.of("keySource", "Microsoft.Storage")),
                newAccount(Map.of("keySource", "Microsoft.Storage")),
                newAccount(Http.vaultKey(vaultUrl, key, null)),
                newAccount(Http.vaultKey(vaultUrl, key, null)));
        accounts.forEach(account -> createContainer(account, "box"));
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 32; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    Random random = new Random(thread);
                    int done = 0;
                    for (int i = 0; i < 8; i++) {
                        String account = accounts.get((thread + i) % accounts.size());
                        String path = blobPath(account, "box", "tamper" + thread + "-" + i);
                        byte[] data = new byte[random.nextInt(150_000)];
                        random.nextBytes(data);
                        Http.Reply put = api.put(path, data);
                        assertEquals(201, put.status(), () -> put.json().toString());
                        Http.Reply get = api.get(path);
                        assertEquals(200, get.status());
                        assertArrayEquals(data, get.body(), path);
                        done++;
                    }
                    return done;
                }));
            }
            int total = 0;
            for (Future<Integer> result : results) {
                total += result.get(120, TimeUnit.SECONDS);
            }
            assertEquals(32 * 8, total);
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static String newAccount(Map<String, Object> encryption) {
        String name = "acct" + NAMES.incrementAndGet() + Long.toString(System.nanoTime() % 100000, 36);
        Http.Reply reply = api.post("/accounts", Map.of("name", name, "encryption", encryption));
        assertEquals(201, reply.status(), reply.json().toString());
        return name;
    }

    private static void createContainer(String account, String container) {
        Http.Reply reply = api.put("/accounts/" + account + "/containers/" + container);
        assertEquals(201, reply.status(), reply.json().toString());
    }

    private static String newKey() {
        String name = "key-" + NAMES.incrementAndGet() + "-" + Long.toString(System.nanoTime(), 36);
        Http.Reply reply =
                vaultAdmin.post("/keys/" + name + "/create?api-version=7.5", Map.of("kty", "RSA", "key_size", 2048));
        assertEquals(200, reply.status(), reply.json().toString());
        return name;
    }

    private static String latestVersion(String key) {
        return lastSegment(vaultAdmin
                .get("/keys/" + key + "?api-version=7.5")
                .json()
                .path("key")
                .path("kid")
                .asText());
    }

    private static String rotate(String key) {
        Http.Reply reply = vaultAdmin.post("/keys/" + key + "/rotate?api-version=7.5", Map.of());
        assertEquals(200, reply.status(), reply.json().toString());
        return lastSegment(reply.json().path("key").path("kid").asText());
    }

    private static void revoke(String key, Map<String, Object> scope) {
        Http.Reply reply = vaultAdmin.post("/keys/" + key + "/revoke?api-version=7.5", scope);
        assertTrue(reply.status() < 300, reply.json().toString());
    }

    private static void reinstate(String key, Map<String, Object> scope) {
        Http.Reply reply = vaultAdmin.post("/keys/" + key + "/reinstate?api-version=7.5", scope);
        assertTrue(reply.status() < 300, reply.json().toString());
    }

    private static void awaitLocked(String account) {
        awaitUntil(() -> api.get("/accounts/" + account).json().path("lock").has("reason"), "AccountLocked");
    }

    private static String keyIdInUse(String account) {
        return api.get("/accounts/" + account)
                .json()
                .path("encryption")
                .path("keyIdInUse")
                .asText();
    }

    private static String blobPath(String account, String container, String blob) {
        return "/accounts/" + account + "/containers/" + container + "/blobs/" + blob;
    }

    private static Path blobFile(String account, String container, String blob) {
        String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString(blob.getBytes(StandardCharsets.UTF_8));
        return dir.resolve("storage")
                .resolve("blobs")
                .resolve(account)
                .resolve(container)
                .resolve(encoded);
    }

    private static int headerLength(String account) {
        // magic, version, generation, segment size, nonce prefix, wrapped DEK, content type, length, digest
        return 4 + 1 + 4 + 4 + 8 + 2 + 40 + 2 + "application/octet-stream".length() + 8 + 32;
    }

    private static void assertRange(String path, byte[] data, String range, int start, int length) {
        Http.Reply reply = api.get(path, "Range", range);
        assertEquals(206, reply.status(), range);
        assertArrayEquals(Arrays.copyOfRange(data, start, start + length), reply.body(), range);
        assertEquals("bytes " + start + "-" + (start + length - 1) + "/" + data.length, reply.header("Content-Range"));
    }

    private static void assertRefusedAsRevoked(Http.Reply reply, String key) {
        assertEquals(403, reply.status());
        assertEquals("KeyAccessRevoked", reply.code());
        assertTrue(reply.message().contains(key), reply.message());
        assertTrue(reply.message().contains("revoked"), reply.message());
    }

    private static void assertRefusedWithoutWrongBytes(Supplier<Http.Reply> read, byte[] original, String what) {
        try {
            Http.Reply reply = read.get();
            assertNotEquals(200, reply.status(), what);
            assertNotEquals(206, reply.status(), what);
            assertEquals("BlobIntegrityFailure", reply.code(), what);
        } catch (UncheckedIOException e) {
            // The response was cut off mid-stream: the client saw an error, not a short or wrong body.
            assertNull(null);
        }
    }

    private static void awaitUntil(BooleanSupplier condition, String what) {
        Instant deadline = Instant.now().plusSeconds(30);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                fail("timed out waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
    }

    private static byte[] flip(byte[] bytes, int offset) {
        byte[] copy = bytes.clone();
        copy[offset] ^= 0x10;
        return copy;
    }

    private static byte[] swap(byte[] bytes, int header, int sealed) {
        byte[] copy = bytes.clone();
        System.arraycopy(bytes, header, copy, header + sealed, sealed);
        System.arraycopy(bytes, header + sealed, copy, header, sealed);
        return copy;
    }

    private static String lastSegment(String kid) {
        return kid.substring(kid.lastIndexOf('/') + 1);
    }

    private static byte[] random(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    private static String sha256(byte[] data) {
        try {
            return Base64.getEncoder()
                    .encodeToString(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
