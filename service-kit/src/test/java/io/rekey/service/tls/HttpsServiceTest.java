package io.rekey.service.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rekey.service.auth.Secret;
import io.rekey.service.config.ConfigException;
import io.rekey.service.config.Settings;
import io.rekey.service.http.HttpService;
import io.rekey.service.http.HttpSettings;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpsServiceTest {
    private static final List<String> NAMES = List.of("localhost", "127.0.0.1");

    @TempDir
    Path dir;

    @Test
    void selfSigned_firstStart_servesHttpsTrustedThroughItsCertificate() throws Exception {
        TlsSettings tls = SelfSignedCertificate.loadOrCreate(dir, NAMES);

        try (HttpService service = startWith(tls)) {
            assertEquals("https", service.scheme());
            assertTrue(service.baseUrl("127.0.0.1").startsWith("https://127.0.0.1:"));
            HttpResponse<String> response = get(trusting(tls.certificate()), service.baseUrl("127.0.0.1") + "/ping");
            assertEquals(200, response.statusCode());
            assertEquals("pong", response.body());
        }
    }

    @Test
    void selfSigned_untrustedClient_refusesHandshake() {
        TlsSettings tls = SelfSignedCertificate.loadOrCreate(dir, NAMES);

        try (HttpService service = startWith(tls)) {
            assertThrows(
                    SSLHandshakeException.class,
                    () -> get(HttpClient.newHttpClient(), service.baseUrl("127.0.0.1") + "/ping"));
        }
    }

    @Test
    void selfSigned_secondStart_keepsTheSameCertificate() {
        String first = SelfSignedCertificate.loadOrCreate(dir, NAMES).fingerprint();
        String second = SelfSignedCertificate.loadOrCreate(dir, NAMES).fingerprint();

        assertEquals(first, second);
        assertTrue(Files.exists(dir.resolve(SelfSignedCertificate.CERTIFICATE_FILE)));
        assertTrue(first.matches("([0-9A-F]{2}:){31}[0-9A-F]{2}"), first);
    }

    @Test
    void selfSigned_newHostName_makesANewCertificate() throws Exception {
        String first = SelfSignedCertificate.loadOrCreate(dir, NAMES).fingerprint();
        TlsSettings wider = SelfSignedCertificate.loadOrCreate(dir, List.of("localhost", "127.0.0.1", "vault.test"));

        assertNotEquals(first, wider.fingerprint());
        assertTrue(wider.certificate().getSubjectAlternativeNames().stream()
                .anyMatch(entry -> entry.get(1).equals("vault.test")));
    }

    @Test
    void pemFiles_writtenBySelfSigned_loadAsConfiguredCertificate() {
        TlsSettings made = SelfSignedCertificate.loadOrCreate(dir, NAMES);

        Optional<TlsSettings> loaded = TlsSettings.from(
                Settings.of(Map.of(
                        "svc.tls.certificate", dir.resolve("certificate.pem").toString(),
                        "svc.tls.private.key", dir.resolve("private-key.pem").toString())),
                "svc",
                dir.resolve("unused"),
                NAMES);

        assertEquals(made.fingerprint(), loaded.orElseThrow().fingerprint());
    }

    @Test
    void keyStore_pkcs12File_loadsWithItsPassword() throws Exception {
        TlsSettings made = SelfSignedCertificate.loadOrCreate(dir, NAMES);
        Path file = dir.resolve("server.p12");
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry(
                "server",
                made.keyStore().getKey("server", made.password().reveal().toCharArray()),
                "changeit".toCharArray(),
                new X509Certificate[] {made.certificate()});
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, "changeit".toCharArray());
        }

        TlsSettings loaded = TlsSettings.fromKeyStore(file, new Secret("changeit"), "PKCS12");

        assertEquals(made.fingerprint(), loaded.fingerprint());
        assertThrows(ConfigException.class, () -> TlsSettings.fromKeyStore(file, new Secret("wrong"), "PKCS12"));
    }

    @Test
    void from_nothingConfigured_isPlainHttp() {
        assertFalse(TlsSettings.from(Settings.of(Map.of()), "svc", dir, NAMES).isPresent());
        assertFalse(TlsSettings.from(Settings.of(Map.of("svc.http.plaintext", "true")), "svc", dir, NAMES)
                .isPresent());
    }

    @Test
    void from_contradictorySettings_areRefused() {
        assertThrows(
                ConfigException.class,
                () -> TlsSettings.from(
                        Settings.of(Map.of("svc.http.plaintext", "true", "svc.tls.self.signed", "true")),
                        "svc",
                        dir,
                        NAMES));
        assertThrows(
                ConfigException.class,
                () -> TlsSettings.from(Settings.of(Map.of("svc.http.plaintext", "false")), "svc", dir, NAMES));
        assertThrows(
                ConfigException.class,
                () -> TlsSettings.from(Settings.of(Map.of("svc.tls.certificate", "/nowhere.pem")), "svc", dir, NAMES));
    }

    private static HttpService startWith(TlsSettings tls) {
        return HttpService.start(
                "tls-test",
                HttpSettings.local(0).withTls(tls),
                routes -> routes.get("/ping", ctx -> ctx.result("pong")));
    }

    static HttpClient trusting(X509Certificate certificate) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", certificate);
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(context).build();
    }

    private static HttpResponse<String> get(HttpClient client, String url) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
