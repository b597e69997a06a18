package io.rekey.audit;

import static io.rekey.audit.AuditTestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rekey.audit.AuditTestSupport.Response;
import io.rekey.events.serde.EventJson;
import io.rekey.events.topics.TopicCatalogue;
import io.rekey.service.config.Settings;
import io.rekey.storage.StorageService;
import io.rekey.testkit.KafkaClusterExtension;
import io.rekey.vault.VaultService;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real vault, the real storage and the audit on one broker: a key is created, accounts and blobs use it, the key
 * is rotated, revoked and restored through the vault's API, storage acts on each event, and every audit query
 * answers the facts of that sequence. A cluster of its own keeps the other tests' hand-made events out of the
 * services' start-up replays.
 */
class EndToEndIT {
    @RegisterExtension
    static final KafkaClusterExtension KAFKA = KafkaClusterExtension.dedicated(1);

    private static final String ADMIN_TOKEN = "vault-admin-token";
    private static final String STORAGE_VAULT_TOKEN = "storage-to-vault-token";
    private static final String TENANT_TOKEN = "tenant-token";
    private static final String KEY = "e2e-key";
    private static final List<String> FOLLOWING = List.of("follower1", "follower2");
    private static final String PINNED = "pinnedacct";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dataDir;

    private static VaultService vault;
    private static StorageService storage;
    private static AuditService audit;
    private static String v1;
    private static String v2;
    private static Instant started;

    @BeforeAll
    static void runAKeysLifeThroughTheRealServices() {
        started = Instant.now();
        vault = VaultService.start(Settings.of(vaultSettings()));
        String signingKey = vault.signingKeys().publicKeyText();
        storage = StorageService.start(Settings.of(storageSettings(signingKey)));
        Map<String, String> auditSettings =
                AuditTestSupport.settings(KAFKA, "rekey-audit-e2e", dataDir.resolve("audit"));
        auditSettings.put("events.signing.public.key", signingKey);
        audit = AuditTestSupport.start(auditSettings);

        v1 = version(call(
                vault.baseUrl(),
                "POST",
                "/keys/" + KEY + "/create",
                ADMIN_TOKEN,
                "{\"kty\":\"RSA\",\"key_size\":2048}"));
        for (String account : FOLLOWING) {
            createAccount(account, null);
        }
        createAccount(PINNED, v1);
        for (String account : accounts()) {
            call(storage.baseUrl(), "PUT", "/accounts/" + account + "/containers/docs", TENANT_TOKEN, null);
            call(
                    storage.baseUrl(),
                    "PUT",
                    "/accounts/" + account + "/containers/docs/blobs/a.txt",
                    TENANT_TOKEN,
                    "hello " + account);
        }

        v2 = version(call(vault.baseUrl(), "POST", "/keys/" + KEY + "/rotate", ADMIN_TOKEN, null));
        await(
                audit.baseUrl(),
                "/keys/" + KEY + "/rotation-status",
                body -> v2.equals(body.path("latestVersion").asText())
                        && body.get("onLatest").asInt() == 2);
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable service : new AutoCloseable[] {audit, storage, vault}) {
            try {
                if (service != null) {
                    service.close();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void theAuditFollowsRotationRevocationAndRestore() {
        Response rotation = await(
                audit.baseUrl(),
                "/keys/" + KEY + "/rotation-status",
                body -> v2.equals(body.path("latestVersion").asText())
                        && body.get("onLatest").asInt() == 2);
        assertEquals(v2, rotation.body().get("latestVersion").asText());
        assertEquals(3, rotation.body().get("accounts").asInt());
        assertEquals(
                PINNED,
                rotation.body().get("onOlderVersions").get(0).get("account").asText());
        assertEquals(
                v1, rotation.body().get("onOlderVersions").get(0).get("version").asText());

        call(vault.baseUrl(), "POST", "/keys/" + KEY + "/revoke", ADMIN_TOKEN, "{\"scope\":\"key\"}");
        Response revoked = await(
                audit.baseUrl(),
                "/keys/" + KEY + "/revocation-status",
                body -> body.get("locked").size() == 3);
        assertEquals("KEY", revoked.body().get("revocation").get("scope").asText());
        assertEquals(0, revoked.body().get("notYetLocked").size());
        assertTrue(revoked.body().get("restore").isNull());

        call(vault.baseUrl(), "POST", "/keys/" + KEY + "/reinstate", ADMIN_TOKEN, "{\"scope\":\"key\"}");
        Response restored = await(
                audit.baseUrl(),
                "/keys/" + KEY + "/revocation-status",
                body -> !body.get("restore").isNull()
                        && body.get("notYetLocked").size() == 3);
        assertEquals(0, restored.body().get("locked").size());

        Response history = await(
                audit.baseUrl(),
                "/keys/" + KEY + "/history",
                body -> body.get("value").size() >= 4);
        assertEquals(List.of("KeyCreated", "KeyRotated", "KeyRevoked", "KeyRestored"), types(history.body()));

        Response account = await(
                audit.baseUrl(),
                "/accounts/" + FOLLOWING.get(0) + "/history",
                body -> body.get("value").size() >= 4);
        assertEquals(
                List.of("AccountCreated", "AccountKeyRewrapped", "AccountLocked", "AccountUnlocked"),
                types(account.body()));
    }

    @Test
    void theUsageTotalsEqualTheVaultsUsageRecords() {
        String range = "?from=" + started.minus(Duration.ofHours(1)) + "&to="
                + Instant.now().plus(Duration.ofHours(1));
        // The vault publishes usage asynchronously: compare until the topic and the audit agree.
        long deadline = System.nanoTime() + AuditTestSupport.WAIT.toNanos();
        long published;
        long counted;
        Response usage;
        do {
            published = usageRecordsFor(KEY);
            usage = await(audit.baseUrl(), "/keys/" + KEY + "/usage" + range, body -> true);
            counted = usage.body().get("totals").get("count").asLong();
        } while (counted != published && System.nanoTime() < deadline && pauseBriefly());
        assertTrue(published > 0, "storage used the key through the vault");
        assertEquals(published, counted, "audit totals against the vault's usage records");
        assertTrue(usage.body().get("totals").get("byCaller").has("storage"));

        Response callers = await(
                audit.baseUrl(),
                "/keys/" + KEY + "/callers" + range,
                body -> body.get("value").size() >= 1);
        List<String> names = new ArrayList<>();
        callers.body()
                .get("value")
                .forEach(caller -> names.add(caller.get("caller").asText()));
        assertTrue(names.contains("storage"), names.toString());
    }

    private static boolean pauseBriefly() {
        AuditTestSupport.pause(200);
        return true;
    }

    private static List<String> accounts() {
        List<String> all = new ArrayList<>(FOLLOWING);
        all.add(PINNED);
        return all;
    }

    private static void createAccount(String name, String pinnedVersion) {
        String version = pinnedVersion == null ? "" : ",\"keyversion\":\"" + pinnedVersion + "\"";
        call(
                storage.baseUrl(),
                "POST",
                "/accounts",
                TENANT_TOKEN,
                "{\"name\":\"" + name + "\",\"encryption\":"
                        + "{\"keySource\":\"Microsoft.Keyvault\",\"keyvaultproperties\":{\"keyvaulturi\":\""
                        + vault.baseUrl()
                        + "\",\"keyname\":\"" + KEY + "\"" + version + "}}}");
    }

    private static Map<String, String> vaultSettings() {
        Map<String, String> settings = new HashMap<>();
        settings.put("kafka.bootstrap.servers", KAFKA.bootstrapServers());
        settings.put("vault.data.dir", dataDir.resolve("vault").toString());
        settings.put("vault.http.plaintext", "true");
        settings.put("vault.transactional.id", "rekey-vault-e2e");
        settings.put("vault.callers.admin.token", ADMIN_TOKEN);
        settings.put("vault.callers.admin.permissions", "all");
        settings.put("vault.callers.storage.token", STORAGE_VAULT_TOKEN);
        settings.put("vault.callers.storage.permissions", "get,wrap,unwrap");
        settings.put("vault.rotation.check.interval", "1h");
        return settings;
    }

    private static Map<String, String> storageSettings(String signingKey) {
        Map<String, String> settings = new HashMap<>();
        settings.put("kafka.bootstrap.servers", KAFKA.bootstrapServers());
        settings.put("storage.data.dir", dataDir.resolve("storage").toString());
        settings.put("storage.vault.url", vault.baseUrl());
        settings.put("storage.vault.token", STORAGE_VAULT_TOKEN);
        settings.put("storage.caller.id", "storage");
        settings.put("storage.callers.tenant.token", TENANT_TOKEN);
        settings.put("events.signing.public.key", signingKey);
        return settings;
    }

    private static JsonNode call(String baseUrl, String method, String path, String token, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new AssertionError(
                        method + " " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body().isEmpty() ? null : EventJson.mapper().readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String version(JsonNode bundle) {
        String kid = bundle.path("key").path("kid").asText();
        return kid.substring(kid.lastIndexOf('/') + 1);
    }

    private static List<String> types(JsonNode page) {
        List<String> types = new ArrayList<>();
        page.get("value").forEach(entry -> types.add(entry.get("type").asText()));
        return types;
    }

    /** Counts the vault's usage records for the key, read to the end of the topic. */
    private static long usageRecordsFor(String key) {
        Map<String, Object> config = KAFKA.clientProperties();
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        long count = 0;
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(TopicCatalogue.VAULT_KEY_USAGE).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + AuditTestSupport.WAIT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + TopicCatalogue.VAULT_KEY_USAGE + " to its end");
                }
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.key() != null && new String(record.key(), StandardCharsets.UTF_8).equals(key)) {
                        count++;
                    }
                }
            }
        }
        return count;
    }
}
