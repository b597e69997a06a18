package io.rekey.service.tls;

import io.rekey.service.auth.Secret;
import io.rekey.service.config.ConfigException;
import io.rekey.service.config.Settings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * The certificate and private key a service serves HTTPS with, loaded once at start. It comes from a key store file
 * (PKCS#12 or JKS), from a PEM certificate chain and PEM private key, or from a self-signed certificate the service
 * makes on its first start and keeps in its data directory.
 */
public final class TlsSettings {
    private final KeyStore keyStore;
    private final Secret password;
    private final X509Certificate certificate;
    private final String source;

    private TlsSettings(KeyStore keyStore, Secret password, X509Certificate certificate, String source) {
        this.keyStore = keyStore;
        this.password = password;
        this.certificate = certificate;
        this.source = source;
    }

    /**
     * Reads {@code <service>.tls.*} and {@code <service>.http.plaintext}: a key store ({@code tls.keystore},
     * {@code tls.keystore.password}, {@code tls.keystore.type}), or PEM files ({@code tls.certificate},
     * {@code tls.private.key}), or {@code tls.self.signed=true} for a certificate kept in {@code selfSignedDir} that
     * names {@code hostNames}. Empty means plain HTTP: nothing was configured, or {@code http.plaintext=true}.
     */
    public static Optional<TlsSettings> from(
            Settings settings, String service, Path selfSignedDir, Collection<String> hostNames) {
        String prefix = service + ".tls.";
        Optional<String> keyStore = settings.find(prefix + "keystore");
        Optional<String> certificate = settings.find(prefix + "certificate");
        Optional<String> privateKey = settings.find(prefix + "private.key");
        boolean selfSigned = settings.getBoolean(prefix + "self.signed", false);
        Optional<String> plaintext = settings.find(service + ".http.plaintext");

        int sources = (keyStore.isPresent() ? 1 : 0)
                + (certificate.isPresent() || privateKey.isPresent() ? 1 : 0)
                + (selfSigned ? 1 : 0);
        if (sources > 1) {
            throw new ConfigException("configure one of " + prefix + "keystore, " + prefix + "certificate with "
                    + prefix + "private.key, or " + prefix + "self.signed=true, not several");
        }
        boolean plaintextAsked = plaintext.map(Boolean::parseBoolean).orElse(false);
        if (plaintextAsked && sources > 0) {
            throw new ConfigException(
                    service + ".http.plaintext=true serves plain HTTP; remove it or the " + prefix + "* settings");
        }
        if (plaintext.isPresent() && !plaintextAsked && sources == 0) {
            throw new ConfigException(service + ".http.plaintext=false needs a certificate: set " + prefix
                    + "keystore, " + prefix + "certificate with " + prefix + "private.key, or " + prefix
                    + "self.signed=true");
        }
        if (keyStore.isPresent()) {
            return Optional.of(fromKeyStore(
                    Path.of(keyStore.get()),
                    new Secret(settings.get(prefix + "keystore.password", "")),
                    settings.get(prefix + "keystore.type", "PKCS12")));
        }
        if (certificate.isPresent() || privateKey.isPresent()) {
            if (certificate.isEmpty() || privateKey.isEmpty()) {
                throw new ConfigException(
                        "set both " + prefix + "certificate (PEM chain) and " + prefix + "private.key (PEM key)");
            }
            return Optional.of(fromPem(Path.of(certificate.get()), Path.of(privateKey.get())));
        }
        if (selfSigned) {
            return Optional.of(SelfSignedCertificate.loadOrCreate(selfSignedDir, hostNames));
        }
        return Optional.empty();
    }

    /** A PKCS#12 or JKS key store holding the server's private key entry. */
    public static TlsSettings fromKeyStore(Path file, Secret password, String type) {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore keyStore = KeyStore.getInstance(type);
            keyStore.load(in, password.reveal().toCharArray());
            return new TlsSettings(keyStore, password, firstKeyCertificate(keyStore, file), "key store " + file);
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException("the TLS key store " + file + " (" + type + ") could not be read: "
                    + e.getMessage() + "; check the file, its type and its password");
        }
    }

    /** A PEM certificate chain (server certificate first) and its PEM private key (PKCS#8, PKCS#1 or SEC1). */
    public static TlsSettings fromPem(Path certificateFile, Path privateKeyFile) {
        List<X509Certificate> chain = PemFiles.readCertificates(certificateFile);
        return of(
                PemFiles.readPrivateKey(privateKeyFile),
                chain,
                "certificate " + certificateFile + " and private key " + privateKeyFile);
    }

    static TlsSettings of(PrivateKey key, List<X509Certificate> chain, String source) {
        try {
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(null, null);
            Secret password = new Secret(UUID.randomUUID().toString());
            keyStore.setKeyEntry("server", key, password.reveal().toCharArray(), chain.toArray(new X509Certificate[0]));
            return new TlsSettings(keyStore, password, chain.get(0), source);
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException(
                    "the TLS certificate and key from " + source + " do not form a usable pair: " + e.getMessage());
        }
    }

    private static X509Certificate firstKeyCertificate(KeyStore keyStore, Path file) throws GeneralSecurityException {
        for (String alias : Collections.list(keyStore.aliases())) {
            if (keyStore.isKeyEntry(alias) && keyStore.getCertificate(alias) instanceof X509Certificate cert) {
                return cert;
            }
        }
        throw new ConfigException("the TLS key store " + file + " holds no private key with an X.509 certificate");
    }

    public KeyStore keyStore() {
        return keyStore;
    }

    /** The password of the key store and of its key entries. */
    public Secret password() {
        return password;
    }

    /** The server certificate (the first of its chain). */
    public X509Certificate certificate() {
        return certificate;
    }

    /** Where the certificate came from, for the start-up log. */
    public String source() {
        return source;
    }

    /** The SHA-256 fingerprint of the server certificate, as {@code AB:CD:...}, the form openssl and keytool print. */
    public String fingerprint() {
        return fingerprint(certificate);
    }

    public static String fingerprint(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            List<String> pairs = new ArrayList<>();
            for (byte b : digest) {
                pairs.add(HexFormat.of().toHexDigits(b).toUpperCase(Locale.ROOT));
            }
            return String.join(":", pairs);
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot fingerprint the certificate", e);
        }
    }

    @Override
    public String toString() {
        return "TlsSettings{" + source + ", subject=" + certificate.getSubjectX500Principal() + "}";
    }
}
