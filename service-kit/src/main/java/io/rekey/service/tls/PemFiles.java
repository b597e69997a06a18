package io.rekey.service.tls;

import io.rekey.service.config.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/** Reads and writes the PEM files a TLS certificate and its private key are kept in. */
final class PemFiles {
    private PemFiles() {}

    static List<X509Certificate> readCertificates(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> chain = new ArrayList<>();
            CertificateFactory.getInstance("X.509")
                    .generateCertificates(in)
                    .forEach(cert -> chain.add((X509Certificate) cert));
            if (chain.isEmpty()) {
                throw new ConfigException("the TLS certificate file " + file + " holds no PEM certificate");
            }
            return chain;
        } catch (IOException | CertificateException e) {
            throw new ConfigException("the TLS certificate file " + file + " could not be read: " + e.getMessage()
                    + "; it should hold the PEM certificate chain, server certificate first");
        }
    }

    /** The private key, in PKCS#8 ("PRIVATE KEY"), PKCS#1 ("RSA PRIVATE KEY") or SEC1 ("EC PRIVATE KEY") PEM. */
    static PrivateKey readPrivateKey(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
                PEMParser parser = new PEMParser(reader)) {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            for (Object item = parser.readObject(); item != null; item = parser.readObject()) {
                if (item instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
                if (item instanceof PEMKeyPair pair) {
                    return converter.getKeyPair(pair).getPrivate();
                }
            }
            throw new ConfigException("the TLS private key file " + file + " holds no unencrypted PEM private key;"
                    + " decrypt it first (openssl pkey -in key.pem -out plain.pem)");
        } catch (PEMException e) {
            throw new ConfigException("the TLS private key file " + file + " is not a usable key: " + e.getMessage());
        } catch (IOException e) {
            throw new ConfigException("the TLS private key file " + file + " could not be read: " + e.getMessage());
        }
    }

    static void write(Writer out, X509Certificate certificate) throws IOException {
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(certificate);
        }
    }

    static void write(Writer out, PrivateKey key) throws IOException {
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(new JcaPKCS8Generator(key, null));
        }
    }
}
