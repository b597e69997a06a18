package io.rekey.vault;

import static io.rekey.vault.VaultFixture.ADMIN_TOKEN;
import static io.rekey.vault.VaultFixture.READER_TOKEN;
import static io.rekey.vault.VaultFixture.uniqueKey;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.exception.ResourceNotFoundException;
import com.azure.core.http.HttpClient;
import com.azure.core.http.netty.NettyAsyncHttpClientBuilder;
import com.azure.core.util.polling.SyncPoller;
import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.KeyClientBuilder;
import com.azure.security.keyvault.keys.KeyServiceVersion;
import com.azure.security.keyvault.keys.cryptography.CryptographyClient;
import com.azure.security.keyvault.keys.cryptography.CryptographyClientBuilder;
import com.azure.security.keyvault.keys.cryptography.models.KeyWrapAlgorithm;
import com.azure.security.keyvault.keys.implementation.KeyVaultCredentialPolicy;
import com.azure.security.keyvault.keys.models.CreateRsaKeyOptions;
import com.azure.security.keyvault.keys.models.DeletedKey;
import com.azure.security.keyvault.keys.models.JsonWebKey;
import com.azure.security.keyvault.keys.models.KeyOperation;
import com.azure.security.keyvault.keys.models.KeyProperties;
import com.azure.security.keyvault.keys.models.KeyRotationLifetimeAction;
import com.azure.security.keyvault.keys.models.KeyRotationPolicy;
import com.azure.security.keyvault.keys.models.KeyRotationPolicyAction;
import com.azure.security.keyvault.keys.models.KeyType;
import com.azure.security.keyvault.keys.models.KeyVaultKey;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.rekey.azure.RekeyTokenCredential;
import io.rekey.events.EventEnvelope;
import io.rekey.events.EventType;
import io.rekey.events.signing.EventVerifier;
import io.rekey.events.topics.TopicCatalogue;
import io.rekey.events.usage.KeyUsed;
import io.rekey.service.config.Settings;
import io.rekey.testkit.KafkaClusterExtension;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.MGF1ParameterSpec;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The official Azure Key Vault SDK for Java, unchanged, against a vault serving HTTPS with its self-signed development
 * certificate on a real broker: the SDK's own HTTP client (Netty) trusts that certificate, and its challenge protocol
 * gets Rekey tokens from {@link RekeyTokenCredential}.
 */
class AzureSdkIT {
    @RegisterExtension
    static final KafkaClusterExtension KAFKA = KafkaClusterExtension.shared();

    /** May wrap and unwrap, but not read keys: the SDK's cryptography client then does everything in the vault. */
    private static final String WRAPPER_TOKEN = "wrapper-token-" + UUID.randomUUID();

    private static final Duration POLL = Duration.ofMillis(50);
    private static final byte[] AEK = "an-account-encryption-key-32byte".getBytes(StandardCharsets.US_ASCII);

    private static VaultService vault;
    private static Path dataDir;
    private static X509Certificate vaultCertificate;
    private static HttpClient httpClient;
    private static KeyClient keys;

    @BeforeAll
    static void startVault() throws Exception {
        dataDir = Files.createTempDirectory("vault-sdk");
        Settings settings = VaultFixture.settings(
                        KAFKA.bootstrapServers(),
                        dataDir,
                        VaultFixture.sharedRootKey(),
                        "vault-sdk-" + UUID.randomUUID())
                .with(Map.of(
                        "vault.http.plaintext", "",
                        "vault.tls.self.signed", "true",
                        "vault.callers.wrapper.token", WRAPPER_TOKEN,
                        "vault.callers.wrapper.permissions", "wrap,unwrap"));
        vault = VaultService.start(settings);

        // What a user does: trust the certificate the vault keeps in its data directory and logs the fingerprint of.
        try (InputStream in = Files.newInputStream(dataDir.resolve("tls").resolve("certificate.pem"))) {
            vaultCertificate =
                    (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        SslContext trust =
                SslContextBuilder.forClient().trustManager(vaultCertificate).build();
        httpClient = new NettyAsyncHttpClientBuilder(
                        reactor.netty.http.client.HttpClient.create().secure(spec -> spec.sslContext(trust)))
                .build();
        keys = keyClient(ADMIN_TOKEN);
    }

    @AfterAll
    static void stopVault() {
        if (vault != null) {
            vault.close();
        }
    }

    private static KeyClient keyClient(String token) {
        return new KeyClientBuilder()
                .vaultUrl(vault.baseUrl())
                .credential(RekeyTokenCredential.of(token))
                .httpClient(httpClient)
                .disableChallengeResourceVerification()
                .buildClient();
    }

    private static CryptographyClient cryptographyClient(String keyId, String token) {
        return new CryptographyClientBuilder()
                .keyIdentifier(keyId)
                .credential(RekeyTokenCredential.of(token))
                .httpClient(httpClient)
                .disableChallengeResourceVerification()
                .buildClient();
    }

    private static KeyVaultKey createKey(String name, int size) {
        return keys.createRsaKey(new CreateRsaKeyOptions(name).setKeySize(size));
    }

    @Test
    void vault_servesHttpsWithTheKeptCertificate_andChallengesWithoutAToken() throws Exception {
        assertTrue(vault.baseUrl().startsWith("https://127.0.0.1:"), vault.baseUrl());

        KeyStore trustStore = KeyStore.getInstance("PKCS12");
        trustStore.load(null, null);
        trustStore.setCertificateEntry("vault", vaultCertificate);
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trustStore);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, trustManagers.getTrustManagers(), null);
        HttpResponse<String> anonymous = java.net.http.HttpClient.newBuilder()
                .sslContext(ssl)
                .build()
                .send(
                        HttpRequest.newBuilder(URI.create(vault.baseUrl() + "/keys?api-version=7.6"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertEquals(401, anonymous.statusCode());
        assertEquals(
                "Bearer authorization=\"" + vault.baseUrl() + "/rekey\", resource=\"" + vault.baseUrl() + "\"",
                anonymous.headers().firstValue("WWW-Authenticate").orElseThrow());
        assertTrue(anonymous.headers().firstValue("x-ms-request-id").isPresent());
    }

    @Test
    void keyClient_withChallengeResourceVerification_refusesAnAddressVault() {
        // The SDK keeps challenges per host and port for the whole JVM; forget them so this client sees one.
        KeyVaultCredentialPolicy.clearCache();
        KeyClient verifying = new KeyClientBuilder()
                .vaultUrl(vault.baseUrl())
                .credential(RekeyTokenCredential.of(ADMIN_TOKEN))
                .httpClient(httpClient)
                .buildClient();

        RuntimeException refused = assertThrows(RuntimeException.class, () -> verifying.getKey("any-key"));

        assertTrue(refused.getMessage().contains("does not match the requested domain"), refused.getMessage());
    }

    @Test
    void createRsaKey_eachSize_isReadBackLatestAndByVersion() {
        for (int size : List.of(2048, 3072, 4096)) {
            String name = uniqueKey("sdk-size");
            KeyVaultKey created = createKey(name, size);

            assertEquals(KeyType.RSA, created.getKeyType());
            assertEquals(size, new BigInteger(1, created.getKey().getN()).bitLength());
            assertEquals(name, created.getName());
            assertTrue(created.getProperties().isEnabled());
            assertEquals(
                    vault.baseUrl() + "/keys/" + name + "/"
                            + created.getProperties().getVersion(),
                    created.getId());
            KeyVaultKey latest = keys.getKey(name);
            KeyVaultKey byVersion = keys.getKey(name, created.getProperties().getVersion());
            assertEquals(created.getId(), latest.getId());
            assertEquals(created.getId(), byVersion.getId());
            assertArrayEquals(created.getKey().getN(), byVersion.getKey().getN());
            assertNotNull(latest.getProperties().getRecoveryLevel());
        }
    }

    @Test
    void listKeysAndVersions_afterRotate_showEveryVersion() {
        String name = uniqueKey("sdk-list");
        KeyVaultKey first = createKey(name, 2048);
        KeyVaultKey second = keys.rotateKey(name);

        List<String> versions = new ArrayList<>();
        keys.listPropertiesOfKeyVersions(name).forEach(p -> versions.add(p.getVersion()));
        List<String> names = new ArrayList<>();
        keys.listPropertiesOfKeys().forEach(p -> names.add(p.getName()));

        assertEquals(
                Set.of(
                        first.getProperties().getVersion(),
                        second.getProperties().getVersion()),
                Set.copyOf(versions));
        assertEquals(2, versions.size());
        assertTrue(names.contains(name), names.toString());
        assertNotEquals(
                first.getProperties().getVersion(), second.getProperties().getVersion());
        assertEquals(second.getId(), keys.getKey(name).getId());
    }

    @Test
    void updateKeyProperties_disableEnableExpiryTags_areApplied_andPublishedAsForAnyClient() {
        String name = uniqueKey("sdk-update");
        KeyVaultKey key = createKey(name, 2048);
        OffsetDateTime expiry = OffsetDateTime.now(ZoneOffset.UTC).plusDays(30).withNano(0);

        KeyProperties disabled =
                keys.updateKeyProperties(key.getProperties().setEnabled(false)).getProperties();
        assertFalse(disabled.isEnabled());
        assertFalse(keys.getKey(name).getProperties().isEnabled());
        KeyProperties enabled =
                keys.updateKeyProperties(disabled.setEnabled(true)).getProperties();
        assertTrue(enabled.isEnabled());
        KeyProperties expiring = keys.updateKeyProperties(
                        enabled.setExpiresOn(expiry).setTags(Map.of("team", "payments", "env", "test")))
                .getProperties();

        assertEquals(expiry.toInstant(), expiring.getExpiresOn().toInstant());
        assertEquals(Map.of("team", "payments", "env", "test"), expiring.getTags());
        assertEquals(
                Map.of("team", "payments", "env", "test"),
                keys.getKey(name).getProperties().getTags());
        assertEquals(
                List.of(
                        EventType.KEY_CREATED,
                        EventType.KEY_ATTRIBUTES_CHANGED,
                        EventType.KEY_REVOKED,
                        EventType.KEY_ATTRIBUTES_CHANGED,
                        EventType.KEY_RESTORED,
                        EventType.KEY_ATTRIBUTES_CHANGED),
                keyEventTypes(name));
    }

    @Test
    void rotationPolicy_isReadAndUpdated_andRotateMakesANewVersion() {
        String name = uniqueKey("sdk-policy");
        KeyVaultKey first = createKey(name, 2048);

        KeyRotationPolicy initial = keys.getKeyRotationPolicy(name);
        KeyRotationPolicy updated = keys.updateKeyRotationPolicy(
                name,
                new KeyRotationPolicy()
                        .setLifetimeActions(List.of(
                                new KeyRotationLifetimeAction(KeyRotationPolicyAction.ROTATE)
                                        .setTimeAfterCreate("P90D"),
                                new KeyRotationLifetimeAction(KeyRotationPolicyAction.NOTIFY)
                                        .setTimeBeforeExpiry("P30D")))
                        .setExpiresIn("P1Y"));
        KeyVaultKey rotated = keys.rotateKey(name);

        assertNotNull(initial);
        assertEquals("P1Y", updated.getExpiresIn());
        assertEquals(2, updated.getLifetimeActions().size());
        assertEquals(
                KeyRotationPolicyAction.ROTATE,
                updated.getLifetimeActions().get(0).getAction());
        assertEquals("P90D", updated.getLifetimeActions().get(0).getTimeAfterCreate());
        assertEquals("P30D", updated.getLifetimeActions().get(1).getTimeBeforeExpiry());
        assertEquals("P1Y", keys.getKeyRotationPolicy(name).getExpiresIn());
        assertNotEquals(
                first.getProperties().getVersion(), rotated.getProperties().getVersion());
        assertEquals(
                List.of(EventType.KEY_CREATED, EventType.KEY_ROTATION_POLICY_CHANGED, EventType.KEY_ROTATED),
                keyEventTypes(name));
    }

    @Test
    void deleteGetDeletedRecoverPurge_followTheSdksPollers() {
        String name = uniqueKey("sdk-delete");
        KeyVaultKey key = createKey(name, 2048);

        SyncPoller<DeletedKey, Void> deleting = keys.beginDeleteKey(name);
        deleting.setPollInterval(POLL);
        DeletedKey deleted = deleting.waitForCompletion().getValue();
        assertEquals(name, deleted.getName());
        assertNotNull(deleted.getRecoveryId());
        assertNotNull(deleted.getDeletedOn());
        assertNotNull(deleted.getScheduledPurgeDate());
        assertThrows(ResourceNotFoundException.class, () -> keys.getKey(name));
        assertEquals(name, keys.getDeletedKey(name).getName());
        List<String> deletedNames = new ArrayList<>();
        keys.listDeletedKeys().forEach(k -> deletedNames.add(k.getName()));
        assertTrue(deletedNames.contains(name));

        SyncPoller<KeyVaultKey, Void> recovering = keys.beginRecoverDeletedKey(name);
        recovering.setPollInterval(POLL);
        KeyVaultKey recovered = recovering.waitForCompletion().getValue();
        assertEquals(key.getId(), recovered.getId());
        assertEquals(key.getId(), keys.getKey(name).getId());

        SyncPoller<DeletedKey, Void> deletingAgain = keys.beginDeleteKey(name);
        deletingAgain.setPollInterval(POLL);
        deletingAgain.waitForCompletion();
        keys.purgeDeletedKey(name);
        assertThrows(ResourceNotFoundException.class, () -> keys.getDeletedKey(name));
        assertEquals(
                List.of(
                        EventType.KEY_CREATED,
                        EventType.KEY_DELETED,
                        EventType.KEY_RECOVERED,
                        EventType.KEY_DELETED,
                        EventType.KEY_PURGED),
                keyEventTypes(name));
    }

    @Test
    void importKey_fromAJdkKeyPair_servesItsPublicHalf() throws Exception {
        String name = uniqueKey("sdk-import");
        KeyPair pair = rsaKeyPair(3072);

        KeyVaultKey imported =
                keys.importKey(name, JsonWebKey.fromRsa(pair, List.of(KeyOperation.WRAP_KEY, KeyOperation.UNWRAP_KEY)));

        assertArrayEquals(
                JsonWebKey.fromRsa(pair).getN(), keys.getKey(name).getKey().getN());
        assertEquals(List.of(KeyOperation.WRAP_KEY, KeyOperation.UNWRAP_KEY), imported.getKeyOperations());
        assertNull(imported.getKey().getD(), "the vault must never return the private exponent");
        assertEquals(List.of(EventType.KEY_CREATED), keyEventTypes(name));
    }

    @Test
    void cryptographyClient_rsaOaep256_wrapsAndUnwrapsInTheVault() {
        String name = uniqueKey("sdk-oaep256");
        KeyVaultKey key = createKey(name, 2048);
        CryptographyClient crypto = cryptographyClient(key.getId(), ADMIN_TOKEN);

        byte[] wrapped = crypto.wrapKey(KeyWrapAlgorithm.RSA_OAEP_256, AEK).getEncryptedKey();
        byte[] unwrapped =
                crypto.unwrapKey(KeyWrapAlgorithm.RSA_OAEP_256, wrapped).getKey();

        assertArrayEquals(AEK, unwrapped);
        assertEquals(256, wrapped.length);
    }

    @Test
    void cryptographyClient_rsaOaepWrappedLocallyWithThePublicKey_unwrapsInTheVault() {
        String name = uniqueKey("sdk-local-wrap");
        KeyVaultKey key = createKey(name, 2048);
        // The admin may read the key, so the SDK fetches the public key and wraps RSA-OAEP without calling the vault.
        CryptographyClient crypto = cryptographyClient(key.getId(), ADMIN_TOKEN);

        byte[] wrapped = crypto.wrapKey(KeyWrapAlgorithm.RSA_OAEP, AEK).getEncryptedKey();
        byte[] unwrapped = crypto.unwrapKey(KeyWrapAlgorithm.RSA_OAEP, wrapped).getKey();

        assertArrayEquals(AEK, unwrapped);
        EventVerifier verifier = EventVerifier.trusting(vault.signingKeys());
        VaultFixture.waitUntil(
                "the unwrap was recorded",
                Duration.ofSeconds(30),
                () -> !usage(verifier, name).isEmpty());
        assertEquals(
                List.of(io.rekey.events.usage.KeyOperation.UNWRAP),
                usage(verifier, name).stream().map(KeyUsed::operation).toList(),
                "the wrap must have been done by the SDK, the unwrap by the vault");
    }

    @Test
    void importedKey_wrappedByTheVault_unwrapsLocally_andTheReverse() throws Exception {
        String name = uniqueKey("sdk-crossed");
        KeyPair pair = rsaKeyPair(2048);
        JsonWebKey privateJwk = JsonWebKey.fromRsa(pair, List.of(KeyOperation.WRAP_KEY, KeyOperation.UNWRAP_KEY));
        KeyVaultKey imported = keys.importKey(name, privateJwk);
        // The wrapper may not read keys, so its client performs every operation in the vault.
        CryptographyClient inVault = cryptographyClient(imported.getId(), WRAPPER_TOKEN);
        CryptographyClient local =
                new CryptographyClientBuilder().jsonWebKey(privateJwk).buildClient();

        byte[] wrappedByVault = inVault.wrapKey(KeyWrapAlgorithm.RSA_OAEP, AEK).getEncryptedKey();
        assertArrayEquals(
                AEK, local.unwrapKey(KeyWrapAlgorithm.RSA_OAEP, wrappedByVault).getKey());
        byte[] wrappedLocally = local.wrapKey(KeyWrapAlgorithm.RSA_OAEP, AEK).getEncryptedKey();
        assertArrayEquals(
                AEK,
                inVault.unwrapKey(KeyWrapAlgorithm.RSA_OAEP, wrappedLocally).getKey());

        // The SDK has no local RSA-OAEP-256; the JDK with explicit SHA-256 parameters stands in for it.
        byte[] wrapped256 = inVault.wrapKey(KeyWrapAlgorithm.RSA_OAEP_256, AEK).getEncryptedKey();
        assertArrayEquals(AEK, oaep256(Cipher.DECRYPT_MODE, pair, wrapped256));
        assertArrayEquals(
                AEK,
                inVault.unwrapKey(KeyWrapAlgorithm.RSA_OAEP_256, oaep256(Cipher.ENCRYPT_MODE, pair, AEK))
                        .getKey());
    }

    @Test
    void errors_surfaceAsTheSdksExceptions() {
        String name = uniqueKey("sdk-errors");
        KeyVaultKey key = createKey(name, 2048);

        ResourceNotFoundException missing =
                assertThrows(ResourceNotFoundException.class, () -> keys.getKey(uniqueKey("missing")));
        assertEquals(404, missing.getResponse().getStatusCode());
        assertTrue(missing.getMessage().contains("KeyNotFound"), missing.getMessage());

        ClientAuthenticationException unknownToken = assertThrows(
                ClientAuthenticationException.class,
                () -> keyClient("not-a-rekey-token").getKey(name));
        assertEquals(401, unknownToken.getResponse().getStatusCode());

        HttpResponseException forbidden = assertThrows(
                HttpResponseException.class, () -> keyClient(READER_TOKEN).createRsaKey(new CreateRsaKeyOptions(name)));
        assertEquals(403, forbidden.getResponse().getStatusCode());
        assertTrue(forbidden.getMessage().contains("Forbidden"), forbidden.getMessage());

        HttpResponseException badSize = assertThrows(
                HttpResponseException.class,
                () -> keys.createRsaKey(new CreateRsaKeyOptions(uniqueKey("small")).setKeySize(1024)));
        assertEquals(400, badSize.getResponse().getStatusCode());
        assertTrue(badSize.getMessage().contains("BadParameter"), badSize.getMessage());

        HttpResponseException badCiphertext = assertThrows(
                HttpResponseException.class,
                () -> cryptographyClient(key.getId(), WRAPPER_TOKEN)
                        .unwrapKey(KeyWrapAlgorithm.RSA_OAEP_256, new byte[256]));
        assertEquals(400, badCiphertext.getResponse().getStatusCode());
        assertTrue(badCiphertext.getMessage().contains("InvalidCiphertext"), badCiphertext.getMessage());
    }

    @Test
    void olderServiceVersions_areAccepted() {
        String name = uniqueKey("sdk-versions");
        KeyVaultKey key = createKey(name, 2048);

        for (KeyServiceVersion version : List.of(KeyServiceVersion.V7_4, KeyServiceVersion.V7_5)) {
            KeyClient older = new KeyClientBuilder()
                    .vaultUrl(vault.baseUrl())
                    .serviceVersion(version)
                    .credential(RekeyTokenCredential.of(ADMIN_TOKEN))
                    .httpClient(httpClient)
                    .disableChallengeResourceVerification()
                    .buildClient();
            assertEquals(key.getId(), older.getKey(name).getId(), version.getVersion());
        }
        assertEquals("2025-07-01", KeyServiceVersion.getLatest().getVersion());
    }

    private static List<EventType> keyEventTypes(String name) {
        EventVerifier verifier = EventVerifier.trusting(vault.signingKeys());
        List<EventType> types = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record :
                VaultFixture.readAll(KAFKA.clientProperties(), TopicCatalogue.VAULT_KEY_EVENTS)) {
            if (name.equals(new String(record.key(), StandardCharsets.UTF_8))) {
                EventEnvelope event = verifier.readVerified(record.value());
                types.add(event.type());
            }
        }
        return types;
    }

    private static List<KeyUsed> usage(EventVerifier verifier, String name) {
        return VaultFixture.readAll(KAFKA.clientProperties(), TopicCatalogue.VAULT_KEY_USAGE).stream()
                .filter(r -> name.equals(new String(r.key(), StandardCharsets.UTF_8)))
                .map(r -> verifier.readVerified(r.value()).dataAs(KeyUsed.class))
                .toList();
    }

    private static KeyPair rsaKeyPair(int size) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(size);
        return generator.generateKeyPair();
    }

    private static byte[] oaep256(int mode, KeyPair pair, byte[] input) throws Exception {
        Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPPadding", "SunJCE");
        OAEPParameterSpec sha256 =
                new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);
        cipher.init(mode, mode == Cipher.ENCRYPT_MODE ? pair.getPublic() : pair.getPrivate(), sha256);
        return cipher.doFinal(input);
    }
}
