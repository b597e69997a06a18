package io.rekey.vault;

import static io.rekey.vault.VaultFixture.ADMIN_TOKEN;
import static io.rekey.vault.VaultFixture.APP_TOKEN;
import static io.rekey.vault.VaultFixture.READER_TOKEN;
import static io.rekey.vault.VaultFixture.call;
import static io.rekey.vault.VaultFixture.uniqueKey;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rekey.events.EventEnvelope;
import io.rekey.events.signing.EventVerifier;
import io.rekey.events.usage.KeyUsed;
import io.rekey.events.usage.UsageOutcome;
import io.rekey.testkit.KafkaClusterExtension;
import io.rekey.vault.VaultFixture.Response;
import io.rekey.vault.crypto.CryptoTestAccess;
import io.rekey.vault.keys.KeyState;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.Security;
import java.security.interfaces.RSAPrivateCrtKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bouncycastle.crypto.AsymmetricBlockCipher;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.encodings.OAEPEncoding;
import org.bouncycastle.crypto.engines.RSAEngine;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every vault operation through HTTP, each refusal with its code, on a real broker. */
class VaultApiIT {
    @RegisterExtension
    static final KafkaClusterExtension KAFKA = KafkaClusterExtension.shared();

    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    private static final byte[] AEK = "an-account-encryption-key-32byte".getBytes();
    private static VaultService vault;

    @BeforeAll
    static void startVault() throws Exception {
        Path dataDir = Files.createTempDirectory("vault-api");
        vault = VaultService.start(VaultFixture.settings(
                KAFKA.bootstrapServers(), dataDir, VaultFixture.sharedRootKey(), "vault-api-" + UUID.randomUUID()));
    }

    @AfterAll
    static void stopVault() {
        if (vault != null) {
            vault.close();
        }
    }

    private static Response admin(String method, String path, String body) {
        return call(vault, method, path, ADMIN_TOKEN, body);
    }

    private static String createKey(String name, int size) {
        Response created = admin(
                        "POST",
                        "/keys/" + name + "/create",
                        "{\"kty\":\"RSA\",\"key_size\":" + size + ",\"key_ops\":[\"wrapKey\",\"unwrapKey\"]}")
                .expect(200);
        return versionOf(created.body().path("key").path("kid").asText());
    }

    private static String versionOf(String kid) {
        return kid.substring(kid.lastIndexOf('/') + 1);
    }

    private static String wrapBody(String alg, byte[] value) {
        return "{\"alg\":\"" + alg + "\",\"value\":\"" + B64URL.encodeToString(value) + "\"}";
    }

    private static byte[] wrap(String name, String version, String alg, byte[] value) {
        Response response = call(
                        vault, "POST", "/keys/" + name + "/" + version + "/wrapkey", APP_TOKEN, wrapBody(alg, value))
                .expect(200);
        return Base64.getUrlDecoder().decode(response.body().path("value").asText());
    }

    private static Response unwrap(String name, String version, String alg, byte[] value) {
        return call(vault, "POST", "/keys/" + name + "/" + version + "/unwrapkey", APP_TOKEN, wrapBody(alg, value));
    }

    @Test
    void request_withoutToken_is401WithBearerChallenge() {
        Response response = call(vault, "GET", "/keys", null, null).expectError(401, "Unauthorized");
        String challenge =
                response.raw().headers().firstValue("WWW-Authenticate").orElseThrow();
        assertTrue(challenge.startsWith("Bearer "), challenge);
        call(vault, "GET", "/keys", "not-a-token", null).expectError(401, "Unauthorized");
    }

    @Test
    void caller_withoutPermission_is403Forbidden() {
        call(vault, "POST", "/keys/" + uniqueKey("nope") + "/create", READER_TOKEN, "{\"kty\":\"RSA\"}")
                .expectError(403, "Forbidden");
        String name = uniqueKey("perm");
        String version = createKey(name, 2048);
        call(vault, "POST", "/keys/" + name + "/" + version + "/wrapkey", READER_TOKEN, wrapBody("RSA-OAEP-256", AEK))
                .expectError(403, "Forbidden");
        call(vault, "DELETE", "/keys/" + name, APP_TOKEN, null).expectError(403, "Forbidden");
    }

    @Test
    void create_eachSize_thenGetAndList() {
        String name = uniqueKey("sizes");
        for (int size : new int[] {2048, 3072, 4096}) {
            Response created = admin(
                            "POST",
                            "/keys/" + name + "/create",
                            "{\"kty\":\"RSA\",\"key_size\":" + size + ",\"tags\":{\"s\":\"" + size + "\"}}")
                    .expect(200);
            byte[] n = Base64.getUrlDecoder()
                    .decode(created.body().path("key").path("n").asText());
            assertEquals(size / 8, n.length);
            assertEquals("AQAB", created.body().path("key").path("e").asText());
            JsonNode attributes = created.body().path("attributes");
            assertTrue(attributes.path("enabled").asBoolean());
            assertTrue(attributes.path("created").isIntegralNumber());
            assertTrue(attributes.path("updated").isIntegralNumber());
            assertEquals(
                    "CustomizedRecoverable+Purgeable",
                    attributes.path("recoveryLevel").asText());
        }
        Response latest =
                call(vault, "GET", "/keys/" + name, READER_TOKEN, null).expect(200);
        String kid = latest.body().path("key").path("kid").asText();
        assertEquals(vault.baseUrl() + "/keys/" + name + "/" + versionOf(kid), kid);
        assertEquals("4096", latest.body().path("tags").path("s").asText());

        Response versions = call(vault, "GET", "/keys/" + name + "/versions", READER_TOKEN, null)
                .expect(200);
        assertEquals(3, versions.body().path("value").size());
        String first =
                versionOf(versions.body().path("value").get(0).path("kid").asText());
        Response byVersion = call(vault, "GET", "/keys/" + name + "/" + first, READER_TOKEN, null)
                .expect(200);
        assertEquals(
                256,
                Base64.getUrlDecoder()
                        .decode(byVersion.body().path("key").path("n").asText())
                        .length);

        Response list = call(vault, "GET", "/keys", READER_TOKEN, null).expect(200);
        boolean listed = false;
        for (JsonNode item : list.body().path("value")) {
            listed |= item.path("kid").asText().equals(vault.baseUrl() + "/keys/" + name);
        }
        assertTrue(listed);
    }

    @Test
    void badInput_isA4xxWithStableCode() {
        String name = uniqueKey("bad");
        String version = createKey(name, 2048);
        admin("POST", "/keys/" + name + "/create", "{\"kty\":").expectError(400, "BadParameter");
        admin("POST", "/keys/" + name + "/create", "[1,2]").expectError(400, "BadParameter");
        admin("POST", "/keys/" + name + "/create", "{\"kty\":\"EC\"}").expectError(400, "BadParameter");
        admin("POST", "/keys/" + name + "/create", "{\"kty\":\"RSA\",\"key_size\":1024}")
                .expectError(400, "BadParameter");
        admin("POST", "/keys/" + name + "/create", "{\"kty\":\"RSA\",\"key_size\":\"big\"}")
                .expectError(400, "BadParameter");
        admin("POST", "/keys/bad_name!/create", "{\"kty\":\"RSA\"}").expectError(400, "BadParameter");

        String path = "/keys/" + name + "/" + version;
        call(vault, "POST", path + "/wrapkey", APP_TOKEN, wrapBody("RSA1_5", AEK))
                .expectError(400, "UnsupportedAlgorithm");
        call(vault, "POST", path + "/wrapkey", APP_TOKEN, wrapBody("A256KW", AEK))
                .expectError(400, "UnsupportedAlgorithm");
        call(vault, "POST", path + "/wrapkey", APP_TOKEN, "{\"alg\":\"RSA-OAEP-256\",\"value\":\"a+b/c\"}")
                .expectError(400, "BadParameter");
        call(vault, "POST", path + "/unwrapkey", APP_TOKEN, wrapBody("RSA-OAEP-256", new byte[100]))
                .expectError(400, "InvalidCiphertext");
        call(vault, "POST", path + "/unwrapkey", APP_TOKEN, wrapBody("RSA-OAEP-256", new byte[256]))
                .expectError(400, "InvalidCiphertext");
        call(vault, "POST", path + "/wrapkey", APP_TOKEN, wrapBody("RSA-OAEP-256", new byte[300]))
                .expectError(400, "BadParameter");
        call(vault, "POST", "/keys/" + uniqueKey("none") + "/wrapkey", APP_TOKEN, wrapBody("RSA-OAEP-256", AEK))
                .expectError(404, "KeyNotFound");
        call(vault, "GET", "/keys/" + uniqueKey("none"), APP_TOKEN, null).expectError(404, "KeyNotFound");
        call(vault, "GET", "/keys/" + name + "/" + "0".repeat(32), APP_TOKEN, null)
                .expectError(404, "VersionNotFound");
        call(
                        vault,
                        "POST",
                        "/keys/" + name + "/" + "0".repeat(32) + "/wrapkey",
                        APP_TOKEN,
                        wrapBody("RSA-OAEP-256", AEK))
                .expectError(404, "VersionNotFound");
        call(vault, "POST", "/keys/" + name + "/xyz/wrapkey", APP_TOKEN, wrapBody("RSA-OAEP-256", AEK))
                .expectError(404, "VersionNotFound");
        String huge = "{\"alg\":\"RSA-OAEP-256\",\"value\":\"" + "A".repeat(20_000) + "\"}";
        call(vault, "POST", path + "/wrapkey", APP_TOKEN, huge).expectError(413, "RequestTooLarge");
    }

    @Test
    void wrapUnwrap_bothAlgorithms_roundTrip_andOldVersionUnwrapsAfterRotate() {
        String name = uniqueKey("wrap");
        String v1 = createKey(name, 2048);
        byte[] wrapped256 = wrap(name, v1, "RSA-OAEP-256", AEK);
        byte[] wrappedSha1 = wrap(name, v1, "RSA-OAEP", AEK);
        assertEquals(256, wrapped256.length);

        Response rotated = admin("POST", "/keys/" + name + "/rotate", null).expect(200);
        String v2 = versionOf(rotated.body().path("key").path("kid").asText());
        assertNotEquals(v1, v2);
        assertEquals(
                v2,
                versionOf(admin("GET", "/keys/" + name, null)
                        .body()
                        .path("key")
                        .path("kid")
                        .asText()));

        Response unwrapped = unwrap(name, v1, "RSA-OAEP-256", wrapped256).expect(200);
        assertArrayEquals(
                AEK,
                Base64.getUrlDecoder().decode(unwrapped.body().path("value").asText()));
        assertTrue(unwrapped.body().path("kid").asText().endsWith("/keys/" + name + "/" + v1));
        assertArrayEquals(
                AEK,
                Base64.getUrlDecoder()
                        .decode(unwrap(name, v1, "RSA-OAEP", wrappedSha1)
                                .expect(200)
                                .body()
                                .path("value")
                                .asText()));
        unwrap(name, v1, "RSA-OAEP", wrapped256).expectError(400, "InvalidCiphertext");

        Response latestWrap = call(
                        vault, "POST", "/keys/" + name + "/wrapkey", APP_TOKEN, wrapBody("RSA-OAEP-256", AEK))
                .expect(200);
        assertTrue(latestWrap.body().path("kid").asText().endsWith("/" + v2));
    }

    @Test
    void updateAttributes_disableExpireTag_areEnforced() {
        String name = uniqueKey("attrs");
        String version = createKey(name, 2048);
        String path = "/keys/" + name + "/" + version;
        byte[] wrapped = wrap(name, version, "RSA-OAEP-256", AEK);

        Response disabled = admin("PATCH", path, "{\"attributes\":{\"enabled\":false},\"tags\":{\"env\":\"test\"}}")
                .expect(200);
        assertFalse(disabled.body().path("attributes").path("enabled").asBoolean());
        assertEquals("test", disabled.body().path("tags").path("env").asText());
        call(vault, "POST", path + "/wrapkey", APP_TOKEN, wrapBody("RSA-OAEP-256", AEK))
                .expectError(403, "KeyDisabled");
        unwrap(name, version, "RSA-OAEP-256", wrapped).expectError(403, "KeyDisabled");

        admin("PATCH", path, "{\"attributes\":{\"enabled\":true}}").expect(200);
        unwrap(name, version, "RSA-OAEP-256", wrapped).expect(200);

        long past = Instant.now().minusSeconds(60).getEpochSecond();
        Response expired =
                admin("PATCH", path, "{\"attributes\":{\"exp\":" + past + "}}").expect(200);
        assertEquals(past, expired.body().path("attributes").path("exp").asLong());
        call(vault, "POST", path + "/wrapkey", APP_TOKEN, wrapBody("RSA-OAEP-256", AEK))
                .expectError(403, "KeyExpired");
        unwrap(name, version, "RSA-OAEP-256", wrapped).expect(200);

        long future = Instant.now().plusSeconds(3600).getEpochSecond();
        admin("PATCH", path, "{\"attributes\":{\"nbf\":" + future + ",\"exp\":" + (future + 60) + "}}")
                .expect(200);
        unwrap(name, version, "RSA-OAEP-256", wrapped).expectError(403, "KeyNotYetValid");
        admin("PATCH", path, "{\"attributes\":{\"enabled\":\"yes\"}}").expectError(400, "BadParameter");

        admin(
                        "PATCH",
                        "/keys/" + name,
                        "{\"attributes\":{\"nbf\":0,\"exp\":" + (future + 60) + "},\"key_ops\":[\"wrapKey\"]}")
                .expect(200);
        wrap(name, version, "RSA-OAEP-256", AEK);
        unwrap(name, version, "RSA-OAEP-256", wrapped).expectError(403, "OperationNotAllowed");
        admin("PATCH", path, "{\"key_ops\":[\"teleport\"]}").expectError(400, "BadParameter");
        admin("PATCH", path, "{\"attributes\":{\"exp\":9223372036854775807}}").expectError(400, "BadParameter");
    }

    @Test
    void revokeAndReinstate_keyVersionAndCaller() {
        String name = uniqueKey("revoke");
        String v1 = createKey(name, 2048);
        byte[] wrapped = wrap(name, v1, "RSA-OAEP-256", AEK);
        String v2 = versionOf(admin("POST", "/keys/" + name + "/rotate", null)
                .body()
                .path("key")
                .path("kid")
                .asText());

        admin("POST", "/keys/" + name + "/revoke", "{\"scope\":\"key\"}").expect(200);
        unwrap(name, v1, "RSA-OAEP-256", wrapped).expectError(403, "KeyDisabled");
        admin("POST", "/keys/" + name + "/reinstate", "{\"scope\":\"key\"}").expect(200);
        unwrap(name, v1, "RSA-OAEP-256", wrapped).expect(200);

        admin("POST", "/keys/" + name + "/revoke", "{\"scope\":\"version\",\"version\":\"" + v1 + "\"}")
                .expect(200);
        unwrap(name, v1, "RSA-OAEP-256", wrapped).expectError(403, "KeyDisabled");
        wrap(name, v2, "RSA-OAEP-256", AEK);
        admin("POST", "/keys/" + name + "/reinstate", "{\"scope\":\"version\",\"version\":\"" + v1 + "\"}")
                .expect(200);
        unwrap(name, v1, "RSA-OAEP-256", wrapped).expect(200);

        Response revoked = admin("POST", "/keys/" + name + "/revoke", "{\"scope\":\"caller\",\"caller\":\"app\"}")
                .expect(200);
        assertTrue(revoked.body().path("callers").toString().contains("\"caller\":\"app\""));
        unwrap(name, v1, "RSA-OAEP-256", wrapped).expectError(403, "AccessRevoked");
        Response access = admin("GET", "/keys/" + name + "/access", null).expect(200);
        boolean appRevoked = false;
        for (JsonNode caller : access.body().path("callers")) {
            if (caller.path("caller").asText().equals("app")) {
                appRevoked = caller.path("revoked").asBoolean();
            }
        }
        assertTrue(appRevoked);
        admin("POST", "/keys/" + name + "/reinstate", "{\"scope\":\"caller\",\"caller\":\"app\"}")
                .expect(200);
        unwrap(name, v1, "RSA-OAEP-256", wrapped).expect(200);

        admin("POST", "/keys/" + name + "/revoke", "{\"scope\":\"planet\"}").expectError(400, "BadParameter");
        admin("POST", "/keys/" + name + "/revoke", "{\"scope\":\"version\",\"version\":\"" + "f".repeat(32) + "\"}")
                .expectError(404, "VersionNotFound");
        call(vault, "GET", "/keys/" + name + "/access", APP_TOKEN, null).expectError(403, "Forbidden");
    }

    @Test
    void softDelete_listRecover_thenDeleteAndPurge() {
        String name = uniqueKey("del");
        String version = createKey(name, 2048);
        byte[] wrapped = wrap(name, version, "RSA-OAEP-256", AEK);

        Response deleted = admin("DELETE", "/keys/" + name, null).expect(200);
        assertEquals(
                vault.baseUrl() + "/deletedkeys/" + name,
                deleted.body().path("recoveryId").asText());
        long deletedDate = deleted.body().path("deletedDate").asLong();
        assertEquals(
                Duration.ofDays(7).toSeconds(),
                deleted.body().path("scheduledPurgeDate").asLong() - deletedDate);
        admin("GET", "/keys/" + name, null).expectError(404, "KeyNotFound");
        unwrap(name, version, "RSA-OAEP-256", wrapped).expectError(404, "KeyNotFound");
        admin("POST", "/keys/" + name + "/create", "{\"kty\":\"RSA\"}").expectError(409, "Conflict");

        Response list = admin("GET", "/deletedkeys", null).expect(200);
        assertTrue(list.body().path("value").toString().contains("/deletedkeys/" + name + "\""));
        admin("GET", "/deletedkeys/" + name, null).expect(200);

        admin("POST", "/deletedkeys/" + name + "/recover", null).expect(200);
        unwrap(name, version, "RSA-OAEP-256", wrapped).expect(200);
        admin("GET", "/deletedkeys/" + name, null).expectError(404, "KeyNotFound");

        admin("DELETE", "/keys/" + name, null).expect(200);
        call(vault, "DELETE", "/deletedkeys/" + name, APP_TOKEN, null).expectError(403, "Forbidden");
        admin("DELETE", "/deletedkeys/" + name, null).expect(204);
        admin("GET", "/deletedkeys/" + name, null).expectError(404, "KeyNotFound");
        admin("POST", "/deletedkeys/" + name + "/recover", null).expectError(404, "KeyNotFound");
        admin("GET", "/keys/" + name, null).expectError(404, "KeyNotFound");
        createKey(name, 2048);
    }

    @Test
    void importKey_bringYourOwnKey_unwrapsWhatItsOwnerWrapped() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        RSAPrivateCrtKey key = (RSAPrivateCrtKey) generator.generateKeyPair().getPrivate();
        String name = uniqueKey("byok");
        Response imported = admin("PUT", "/keys/" + name, jwkBody(key)).expect(200);
        assertEquals(
                b64(key.getModulus()), imported.body().path("key").path("n").asText());
        assertFalse(imported.body().path("key").has("d"));
        String version = versionOf(imported.body().path("key").path("kid").asText());

        byte[] wrapped = bcWrap(key.getModulus(), key.getPublicExponent(), AEK);
        Response unwrapped = unwrap(name, version, "RSA-OAEP-256", wrapped).expect(200);
        assertArrayEquals(
                AEK,
                Base64.getUrlDecoder().decode(unwrapped.body().path("value").asText()));

        admin("PUT", "/keys/" + uniqueKey("byok"), "{\"key\":{\"kty\":\"RSA\",\"n\":\"AQAB\",\"e\":\"AQAB\"}}")
                .expectError(400, "BadParameter");
        generator.initialize(1024);
        RSAPrivateCrtKey small = (RSAPrivateCrtKey) generator.generateKeyPair().getPrivate();
        admin("PUT", "/keys/" + uniqueKey("byok"), jwkBody(small)).expectError(400, "BadParameter");
    }

    @Test
    void rotationPolicy_putGet_andSchedulerRotatesByPolicy() {
        String name = uniqueKey("policy");
        String v1 = createKey(name, 2048);
        Response empty = admin("GET", "/keys/" + name + "/rotationpolicy", null).expect(200);
        assertEquals(0, empty.body().path("lifetimeActions").size());

        String policy =
                "{\"lifetimeActions\":[{\"trigger\":{\"timeAfterCreate\":\"PT1S\"},\"action\":{\"type\":\"Rotate\"}},"
                        + "{\"trigger\":{\"timeBeforeExpiry\":\"P30D\"},\"action\":{\"type\":\"Notify\"}}],"
                        + "\"attributes\":{\"expiryTime\":\"P2Y\"}}";
        Response put = admin("PUT", "/keys/" + name + "/rotationpolicy", policy).expect(200);
        assertEquals(
                "PT1S",
                put.body()
                        .path("lifetimeActions")
                        .get(0)
                        .path("trigger")
                        .path("timeAfterCreate")
                        .asText());
        assertEquals(
                "Rotate",
                put.body()
                        .path("lifetimeActions")
                        .get(0)
                        .path("action")
                        .path("type")
                        .asText());
        assertEquals("P2Y", put.body().path("attributes").path("expiryTime").asText());
        Response got = admin("GET", "/keys/" + name + "/rotationpolicy", null).expect(200);
        assertEquals(put.body().path("lifetimeActions"), got.body().path("lifetimeActions"));
        admin(
                        "PUT",
                        "/keys/" + name + "/rotationpolicy",
                        "{\"lifetimeActions\":[{\"trigger\":{\"timeAfterCreate\":\"soon\"},"
                                + "\"action\":{\"type\":\"Rotate\"}}]}")
                .expectError(400, "BadParameter");
        admin("PUT", "/keys/" + name + "/rotationpolicy", "{\"attributes\":{\"expiryTime\":\"P99999999999Y\"}}")
                .expectError(400, "BadParameter");

        VaultFixture.waitUntil("the policy rotated the key", Duration.ofSeconds(20), () -> {
            vault.runScheduledActions();
            return !versionOf(admin("GET", "/keys/" + name, null)
                            .body()
                            .path("key")
                            .path("kid")
                            .asText())
                    .equals(v1);
        });
        JsonNode current = admin("GET", "/keys/" + name, null).body();
        assertTrue(current.path("attributes").has("exp"), "a policy rotation gives the version the policy's expiry");
    }

    @Test
    void interop_vaultWrap_bouncyCastleUnwrap_andReverse_withBouncyCastleFirst() throws Exception {
        Security.insertProviderAt(new BouncyCastleProvider(), 1);
        try {
            String name = uniqueKey("interop");
            String version = createKey(name, 3072);
            byte[] wrapped = wrap(name, version, "RSA-OAEP-256", AEK);

            KeyState state = VaultFixture.journalState(KAFKA.clientProperties(), VaultFixture.sharedRootKey(), name)
                    .orElseThrow();
            RSAPrivateCrtKey key = CryptoTestAccess.privateKey(
                    state.versions().values().iterator().next().material());
            AsymmetricBlockCipher bc = new OAEPEncoding(new RSAEngine(), new SHA256Digest(), new SHA256Digest(), null);
            bc.init(
                    false,
                    new RSAPrivateCrtKeyParameters(
                            key.getModulus(),
                            key.getPublicExponent(),
                            key.getPrivateExponent(),
                            key.getPrimeP(),
                            key.getPrimeQ(),
                            key.getPrimeExponentP(),
                            key.getPrimeExponentQ(),
                            key.getCrtCoefficient()));
            assertArrayEquals(AEK, bc.processBlock(wrapped, 0, wrapped.length));

            JsonNode jwk =
                    admin("GET", "/keys/" + name + "/" + version, null).body().path("key");
            BigInteger n = new BigInteger(
                    1, Base64.getUrlDecoder().decode(jwk.path("n").asText()));
            BigInteger e = new BigInteger(
                    1, Base64.getUrlDecoder().decode(jwk.path("e").asText()));
            byte[] bcWrapped = bcWrap(n, e, AEK);
            Response unwrapped =
                    unwrap(name, version, "RSA-OAEP-256", bcWrapped).expect(200);
            assertArrayEquals(
                    AEK,
                    Base64.getUrlDecoder().decode(unwrapped.body().path("value").asText()));
        } finally {
            Security.removeProvider(BouncyCastleProvider.PROVIDER_NAME);
        }
    }

    @Test
    void tamper_oneFlippedBit_isRefused_andRecordedAsUsage() {
        String name = uniqueKey("tamper");
        String version = createKey(name, 2048);
        byte[] wrapped = wrap(name, version, "RSA-OAEP-256", AEK);
        wrapped[wrapped.length / 2] ^= 0x10;
        unwrap(name, version, "RSA-OAEP-256", wrapped).expectError(400, "InvalidCiphertext");
        call(vault, "POST", "/keys/" + name + "/" + version + "/wrapkey", READER_TOKEN, wrapBody("RSA-OAEP-256", AEK))
                .expectError(403, "Forbidden");

        EventVerifier verifier = EventVerifier.trusting(vault.signingKeys());
        VaultFixture.waitUntil(
                "usage records for " + name + " arrived",
                Duration.ofSeconds(30),
                () -> usage(verifier, name).size() >= 3);
        List<KeyUsed> records = usage(verifier, name);
        assertEquals(UsageOutcome.SUCCEEDED, records.get(0).outcome());
        KeyUsed tampered = records.stream()
                .filter(r -> "InvalidCiphertext".equals(r.errorCode()))
                .findFirst()
                .orElseThrow();
        assertEquals(UsageOutcome.FAILED, tampered.outcome());
        assertEquals("app", tampered.caller().value());
        assertEquals(version, tampered.version().value());
        assertEquals("RSA-OAEP-256", tampered.algorithm());
        KeyUsed denied = records.stream()
                .filter(r -> "Forbidden".equals(r.errorCode()))
                .findFirst()
                .orElseThrow();
        assertEquals(UsageOutcome.DENIED, denied.outcome());
        assertEquals("reader", denied.caller().value());
        assertEquals(0, vault.droppedUsageRecords());
    }

    @Test
    void unwrap_fromManyThreadsOnSeveralKeys_allSucceed_andThroughputIsLogged() throws Exception {
        int threads = 8;
        int perThread = 60;
        String[] names = {uniqueKey("load"), uniqueKey("load")};
        String[] versions = {createKey(names[0], 2048), createKey(names[1], 2048)};
        byte[][] wrapped = {
            wrap(names[0], versions[0], "RSA-OAEP-256", AEK), wrap(names[1], versions[1], "RSA-OAEP-256", AEK)
        };
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        List<java.util.concurrent.Future<long[]>> results = new java.util.ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            int which = t % 2;
            results.add(pool.submit(() -> {
                long[] latencies = new long[perThread];
                for (int i = 0; i < perThread; i++) {
                    long began = System.nanoTime();
                    unwrap(names[which], versions[which], "RSA-OAEP-256", wrapped[which])
                            .expect(200);
                    latencies[i] = System.nanoTime() - began;
                }
                return latencies;
            }));
        }
        long[] all = new long[threads * perThread];
        for (int t = 0; t < threads; t++) {
            System.arraycopy(results.get(t).get(), 0, all, t * perThread, perThread);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        java.util.Arrays.sort(all);
        org.slf4j.LoggerFactory.getLogger(VaultApiIT.class)
                .info(
                        "unwrap RSA-2048 over HTTP, {} threads: {} ops/s, p50 {} ms, p99 {} ms",
                        threads,
                        Math.round(all.length / seconds),
                        String.format("%.2f", all[all.length / 2] / 1e6),
                        String.format("%.2f", all[all.length * 99 / 100] / 1e6));
        assertEquals(0, vault.droppedUsageRecords());
    }

    @Test
    void signingKey_isServedWithoutAuth() {
        Response response = call(vault, "GET", "/signingkey", null, null).expect(200);
        assertEquals(vault.signingKeys().keyId(), response.body().path("keyId").asText());
        assertEquals(
                vault.signingKeys().publicKeyText(),
                response.body().path("publicKey").asText());
    }

    private static List<KeyUsed> usage(EventVerifier verifier, String name) {
        return VaultFixture.readAll(KAFKA.clientProperties(), "vault.key-usage").stream()
                .filter(r -> name.equals(new String(r.key())))
                .map(ConsumerRecord::value)
                .map(verifier::readVerified)
                .map(e -> e.dataAs(KeyUsed.class))
                .toList();
    }

    private static String jwkBody(RSAPrivateCrtKey key) {
        return "{\"key\":{\"kty\":\"RSA\",\"key_ops\":[\"wrapKey\",\"unwrapKey\"],\"n\":\"" + b64(key.getModulus())
                + "\",\"e\":\"" + b64(key.getPublicExponent()) + "\",\"d\":\"" + b64(key.getPrivateExponent())
                + "\",\"p\":\"" + b64(key.getPrimeP()) + "\",\"q\":\"" + b64(key.getPrimeQ()) + "\",\"dp\":\""
                + b64(key.getPrimeExponentP()) + "\",\"dq\":\"" + b64(key.getPrimeExponentQ()) + "\",\"qi\":\""
                + b64(key.getCrtCoefficient()) + "\"}}";
    }

    static String b64(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return B64URL.encodeToString(bytes);
    }

    private static byte[] bcWrap(BigInteger n, BigInteger e, byte[] value) throws Exception {
        AsymmetricBlockCipher bc = new OAEPEncoding(new RSAEngine(), new SHA256Digest(), new SHA256Digest(), null);
        bc.init(true, new RSAKeyParameters(false, n, e));
        return bc.processBlock(value, 0, value.length);
    }

    static void assertSigned(EventEnvelope event) {
        assertNotNull(event.signature());
    }
}
