package io.rekey.vault;

import static io.rekey.vault.VaultFixture.ADMIN_TOKEN;
import static io.rekey.vault.VaultFixture.APP_TOKEN;
import static io.rekey.vault.VaultFixture.call;
import static io.rekey.vault.VaultFixture.uniqueKey;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rekey.events.EventEnvelope;
import io.rekey.events.EventType;
import io.rekey.events.key.KeyAttributesChanged;
import io.rekey.events.key.KeyCreated;
import io.rekey.events.key.KeyRestored;
import io.rekey.events.key.KeyRevoked;
import io.rekey.events.key.KeyRotated;
import io.rekey.events.key.RevocationScope;
import io.rekey.events.key.RotationTrigger;
import io.rekey.events.signing.EventVerifier;
import io.rekey.events.topics.TopicCatalogue;
import io.rekey.testkit.KafkaClusterExtension;
import io.rekey.vault.VaultFixture.Response;
import io.rekey.vault.crypto.CryptoTestAccess;
import io.rekey.vault.keys.KeyState;
import io.rekey.vault.keys.VersionState;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The vault as an event-sourced service: restart rebuild, fencing, and the events it publishes. */
class VaultLifecycleIT {
    @RegisterExtension
    static final KafkaClusterExtension KAFKA = KafkaClusterExtension.shared();

    private static final byte[] AEK = "an-account-encryption-key-32byte".getBytes();

    private static VaultService start(Path dataDir, String transactionalId) {
        return VaultService.start(VaultFixture.settings(
                KAFKA.bootstrapServers(), dataDir, VaultFixture.sharedRootKey(), transactionalId));
    }

    private static String versionOf(JsonNode bundle) {
        String kid = bundle.path("key").path("kid").asText();
        return kid.substring(kid.lastIndexOf('/') + 1);
    }

    private static String wrapBody(byte[] value) {
        return "{\"alg\":\"RSA-OAEP-256\",\"value\":\""
                + Base64.getUrlEncoder().withoutPadding().encodeToString(value) + "\"}";
    }

    @Test
    void restart_rebuildsEveryKeyVersionAttributeAndPermission_andUnwrapsWhatItWrapped() throws Exception {
        Path dataDir = Files.createTempDirectory("vault-restart");
        String transactionalId = "vault-restart-" + UUID.randomUUID();
        String name = uniqueKey("restart");
        String deletedName = uniqueKey("restart-del");
        String v1;
        String v2;
        String wrapped;
        long exp = 4_000_000_000L;
        try (VaultService vault = start(dataDir, transactionalId)) {
            v1 = versionOf(call(
                            vault,
                            "POST",
                            "/keys/" + name + "/create",
                            ADMIN_TOKEN,
                            "{\"kty\":\"RSA\",\"key_size\":2048,\"tags\":{\"team\":\"blue\"}}")
                    .expect(200)
                    .body());
            wrapped = call(vault, "POST", "/keys/" + name + "/" + v1 + "/wrapkey", ADMIN_TOKEN, wrapBody(AEK))
                    .expect(200)
                    .body()
                    .path("value")
                    .asText();
            v2 = versionOf(call(vault, "POST", "/keys/" + name + "/rotate", ADMIN_TOKEN, null)
                    .expect(200)
                    .body());
            call(
                            vault,
                            "PATCH",
                            "/keys/" + name + "/" + v2,
                            ADMIN_TOKEN,
                            "{\"attributes\":{\"enabled\":false,\"exp\":" + exp + "},\"tags\":{\"team\":\"red\"}}")
                    .expect(200);
            call(
                            vault,
                            "POST",
                            "/keys/" + name + "/revoke",
                            ADMIN_TOKEN,
                            "{\"scope\":\"caller\",\"caller\":\"reader\"}")
                    .expect(200);
            call(
                            vault,
                            "PUT",
                            "/keys/" + name + "/rotationpolicy",
                            ADMIN_TOKEN,
                            "{\"lifetimeActions\":[{\"trigger\":{\"timeAfterCreate\":\"P90D\"},"
                                    + "\"action\":{\"type\":\"Rotate\"}}]}")
                    .expect(200);
            call(vault, "POST", "/keys/" + deletedName + "/create", ADMIN_TOKEN, "{\"kty\":\"RSA\"}")
                    .expect(200);
            call(vault, "DELETE", "/keys/" + deletedName, ADMIN_TOKEN, null).expect(200);
        }

        try (VaultService vault = start(dataDir, transactionalId)) {
            JsonNode versions = call(vault, "GET", "/keys/" + name + "/versions", ADMIN_TOKEN, null)
                    .expect(200)
                    .body()
                    .path("value");
            assertEquals(2, versions.size());
            JsonNode first = call(vault, "GET", "/keys/" + name + "/" + v1, ADMIN_TOKEN, null)
                    .expect(200)
                    .body();
            assertTrue(first.path("attributes").path("enabled").asBoolean());
            assertEquals("blue", first.path("tags").path("team").asText());
            JsonNode second = call(vault, "GET", "/keys/" + name, ADMIN_TOKEN, null)
                    .expect(200)
                    .body();
            assertEquals(v2, versionOf(second));
            assertFalse(second.path("attributes").path("enabled").asBoolean());
            assertEquals(exp, second.path("attributes").path("exp").asLong());
            assertEquals("red", second.path("tags").path("team").asText());
            JsonNode access = call(vault, "GET", "/keys/" + name + "/access", ADMIN_TOKEN, null)
                    .expect(200)
                    .body();
            for (JsonNode caller : access.path("callers")) {
                assertEquals(
                        caller.path("caller").asText().equals("reader"),
                        caller.path("revoked").asBoolean());
            }
            JsonNode policy = call(vault, "GET", "/keys/" + name + "/rotationpolicy", ADMIN_TOKEN, null)
                    .expect(200)
                    .body();
            assertEquals(
                    "P90D",
                    policy.path("lifetimeActions")
                            .get(0)
                            .path("trigger")
                            .path("timeAfterCreate")
                            .asText());
            call(vault, "GET", "/deletedkeys/" + deletedName, ADMIN_TOKEN, null).expect(200);

            Response unwrapped = call(
                            vault,
                            "POST",
                            "/keys/" + name + "/" + v1 + "/unwrapkey",
                            APP_TOKEN,
                            "{\"alg\":\"RSA-OAEP-256\",\"value\":\"" + wrapped + "\"}")
                    .expect(200);
            assertArrayEquals(
                    AEK,
                    Base64.getUrlDecoder().decode(unwrapped.body().path("value").asText()));
            call(vault, "POST", "/keys/" + name + "/" + v2 + "/wrapkey", APP_TOKEN, wrapBody(AEK))
                    .expectError(403, "KeyDisabled");
        }
    }

    @Test
    void secondVault_withSameTransactionalId_fencesTheFirst() throws Exception {
        String transactionalId = "vault-fence-" + UUID.randomUUID();
        String name = uniqueKey("fence");
        try (VaultService first = start(Files.createTempDirectory("vault-fence-a"), transactionalId)) {
            call(first, "POST", "/keys/" + name + "/create", ADMIN_TOKEN, "{\"kty\":\"RSA\"}")
                    .expect(200);
            try (VaultService second = start(Files.createTempDirectory("vault-fence-b"), transactionalId)) {
                VaultFixture.waitUntil(
                        "the first vault noticed it was fenced, without a request",
                        Duration.ofSeconds(20),
                        first::isFenced);
                call(first, "POST", "/keys/" + name + "/rotate", ADMIN_TOKEN, null)
                        .expectError(503, "Fenced");
                call(first, "GET", "/keys/" + name, ADMIN_TOKEN, null).expectError(503, "Fenced");
                call(first, "POST", "/keys/" + name + "/wrapkey", APP_TOKEN, wrapBody(AEK))
                        .expectError(503, "Fenced");

                call(second, "GET", "/keys/" + name, ADMIN_TOKEN, null).expect(200);
                call(second, "POST", "/keys/" + name + "/rotate", ADMIN_TOKEN, null)
                        .expect(200);
                JsonNode versions = call(second, "GET", "/keys/" + name + "/versions", ADMIN_TOKEN, null)
                        .expect(200)
                        .body();
                assertEquals(2, versions.path("value").size(), "the fenced write left nothing behind");
                assertFalse(second.isFenced());
            }
        }
    }

    @Test
    void createRotateDisableEnable_publishesSignedEventsInOrder_withoutPrivateMaterialOnAnyTopic() throws Exception {
        String name = uniqueKey("events");
        String v1;
        String v2;
        EventVerifier verifier;
        try (VaultService vault =
                start(Files.createTempDirectory("vault-events"), "vault-events-" + UUID.randomUUID())) {
            verifier = EventVerifier.trusting(vault.signingKeys());
            v1 = versionOf(call(vault, "POST", "/keys/" + name + "/create", ADMIN_TOKEN, "{\"kty\":\"RSA\"}")
                    .expect(200)
                    .body());
            call(vault, "POST", "/keys/" + name + "/" + v1 + "/wrapkey", APP_TOKEN, wrapBody(AEK))
                    .expect(200);
            v2 = versionOf(call(vault, "POST", "/keys/" + name + "/rotate", ADMIN_TOKEN, null)
                    .expect(200)
                    .body());
            call(vault, "PATCH", "/keys/" + name + "/" + v1, ADMIN_TOKEN, "{\"attributes\":{\"enabled\":false}}")
                    .expect(200);
            call(vault, "POST", "/keys/" + name + "/" + v1 + "/unwrapkey", APP_TOKEN, wrapBody(new byte[256]))
                    .expectError(403, "KeyDisabled");
            call(vault, "PATCH", "/keys/" + name + "/" + v1, ADMIN_TOKEN, "{\"attributes\":{\"enabled\":true}}")
                    .expect(200);
            VaultFixture.waitUntil(
                    "usage records were published",
                    Duration.ofSeconds(30),
                    () -> VaultFixture.readAll(KAFKA.clientProperties(), TopicCatalogue.VAULT_KEY_USAGE).stream()
                                    .filter(r -> name.equals(new String(r.key(), StandardCharsets.UTF_8)))
                                    .count()
                            >= 2);
        }

        List<EventEnvelope> events = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record :
                VaultFixture.readAll(KAFKA.clientProperties(), TopicCatalogue.VAULT_KEY_EVENTS)) {
            if (name.equals(new String(record.key(), StandardCharsets.UTF_8))) {
                events.add(verifier.readVerified(record.value()));
            }
        }
        assertEquals(
                List.of(
                        EventType.KEY_CREATED,
                        EventType.KEY_ROTATED,
                        EventType.KEY_ATTRIBUTES_CHANGED,
                        EventType.KEY_REVOKED,
                        EventType.KEY_ATTRIBUTES_CHANGED,
                        EventType.KEY_RESTORED),
                events.stream().map(EventEnvelope::type).toList());
        for (int i = 0; i < events.size(); i++) {
            assertEquals(i + 1, events.get(i).sequence());
            assertEquals(name, events.get(i).subject());
        }
        assertEquals(v1, events.get(0).dataAs(KeyCreated.class).version().value());
        KeyRotated rotated = events.get(1).dataAs(KeyRotated.class);
        assertEquals(v2, rotated.version().value());
        assertEquals(v1, rotated.previousVersion().value());
        assertEquals(RotationTrigger.API, rotated.trigger());
        assertFalse(events.get(2).dataAs(KeyAttributesChanged.class).enabled());
        KeyRevoked revoked = events.get(3).dataAs(KeyRevoked.class);
        assertEquals(RevocationScope.VERSION, revoked.scope());
        assertEquals(v1, revoked.version().value());
        assertTrue(events.get(4).dataAs(KeyAttributesChanged.class).enabled());
        KeyRestored restored = events.get(5).dataAs(KeyRestored.class);
        assertEquals(v1, restored.version().value());
        assertNull(restored.caller());

        KeyState state = VaultFixture.journalState(KAFKA.clientProperties(), VaultFixture.sharedRootKey(), name)
                .orElseThrow();
        List<ConsumerRecord<byte[], byte[]>> everything = new ArrayList<>();
        for (String topic : List.of(
                TopicCatalogue.VAULT_JOURNAL, TopicCatalogue.VAULT_KEY_EVENTS, TopicCatalogue.VAULT_KEY_USAGE)) {
            everything.addAll(VaultFixture.readAll(KAFKA.clientProperties(), topic));
        }
        assertTrue(everything.size() >= 8);
        for (VersionState version : state.versions().values()) {
            assertNoPrivateMaterial(
                    everything, CryptoTestAccess.privateKey(version.material()).getPrivateExponent());
            assertNoPrivateMaterial(
                    everything, CryptoTestAccess.privateKey(version.material()).getPrimeP());
        }
    }

    /** Searches every record for the secret as base64url, base64, decimal, hex and raw bytes. */
    private static void assertNoPrivateMaterial(List<ConsumerRecord<byte[], byte[]>> records, BigInteger secret) {
        byte[] raw = secret.toByteArray();
        if (raw[0] == 0) {
            raw = java.util.Arrays.copyOfRange(raw, 1, raw.length);
        }
        List<byte[]> needles = List.of(
                Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(raw)
                        .substring(0, 40)
                        .getBytes(StandardCharsets.US_ASCII),
                Base64.getEncoder().encodeToString(raw).substring(0, 40).getBytes(StandardCharsets.US_ASCII),
                secret.toString().substring(0, 40).getBytes(StandardCharsets.US_ASCII),
                secret.toString(16).substring(0, 40).getBytes(StandardCharsets.US_ASCII),
                java.util.Arrays.copyOf(raw, 32));
        for (ConsumerRecord<byte[], byte[]> record : records) {
            for (byte[] needle : needles) {
                assertFalse(contains(record.value(), needle), "private material found on " + record.topic());
                assertFalse(contains(record.key(), needle), "private material found in a key on " + record.topic());
            }
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        if (haystack == null) {
            return false;
        }
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
