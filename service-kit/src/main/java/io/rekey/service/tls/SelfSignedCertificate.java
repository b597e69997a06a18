package io.rekey.service.tls;

import io.rekey.service.config.ConfigException;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A development certificate: an EC P-256 key and a self-signed certificate for the host names the service is reached
 * by, made on first start and kept as {@code certificate.pem} and {@code private-key.pem} (owner-only) in one
 * directory. It is made again when it expires within a day or does not name every host asked for.
 */
public final class SelfSignedCertificate {
    private static final Logger log = LoggerFactory.getLogger(SelfSignedCertificate.class);
    public static final String CERTIFICATE_FILE = "certificate.pem";
    public static final String PRIVATE_KEY_FILE = "private-key.pem";
    static final Duration VALIDITY = Duration.ofDays(825);

    private SelfSignedCertificate() {}

    /** Loads the certificate kept in {@code dir}, or makes and keeps one that names every one of {@code hostNames}. */
    public static TlsSettings loadOrCreate(Path dir, Collection<String> hostNames) {
        Set<String> names = new LinkedHashSet<>();
        hostNames.forEach(name -> names.add(name.toLowerCase(Locale.ROOT)));
        Path certificateFile = dir.resolve(CERTIFICATE_FILE);
        Path keyFile = dir.resolve(PRIVATE_KEY_FILE);
        String source = "self-signed certificate " + certificateFile;
        if (Files.exists(certificateFile) && Files.exists(keyFile)) {
            X509Certificate kept = PemFiles.readCertificates(certificateFile).get(0);
            String stale = staleness(kept, names);
            if (stale == null) {
                return TlsSettings.of(PemFiles.readPrivateKey(keyFile), List.of(kept), source);
            }
            log.warn(
                    "The self-signed certificate in {} {}; making a new one (clients must trust the new one)",
                    dir,
                    stale);
        }
        KeyPair pair = newKeyPair();
        X509Certificate certificate = issue(pair, names);
        keep(dir, certificateFile, keyFile, certificate, pair.getPrivate());
        log.info("Made a self-signed certificate for {} in {}", names, certificateFile);
        return TlsSettings.of(pair.getPrivate(), List.of(certificate), source);
    }

    private static String staleness(X509Certificate certificate, Set<String> names) {
        if (certificate.getNotAfter().toInstant().isBefore(Instant.now().plus(Duration.ofDays(1)))) {
            return "expires on " + certificate.getNotAfter().toInstant();
        }
        Set<String> covered = new LinkedHashSet<>();
        try {
            if (certificate.getSubjectAlternativeNames() != null) {
                certificate
                        .getSubjectAlternativeNames()
                        .forEach(entry ->
                                covered.add(String.valueOf(entry.get(1)).toLowerCase(Locale.ROOT)));
            }
        } catch (CertificateParsingException e) {
            return "cannot be read (" + e.getMessage() + ")";
        }
        for (String name : names) {
            if (!covered.contains(name) && !covered.contains(canonicalAddress(name))) {
                return "does not name " + name;
            }
        }
        return null;
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot make EC P-256 keys", e);
        }
    }

    private static X509Certificate issue(KeyPair pair, Set<String> names) {
        String commonName = names.isEmpty() ? "localhost" : names.iterator().next();
        X500Name subject = new X500Name("CN=" + commonName + ", O=Rekey development certificate");
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                subject,
                new BigInteger(127, new SecureRandom()),
                Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(VALIDITY)),
                subject,
                pair.getPublic());
        try {
            builder.addExtension(Extension.subjectAlternativeName, false, alternativeNames(names));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(
                    Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
            builder.addExtension(
                    Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            return new JcaX509CertificateConverter()
                    .getCertificate(
                            builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
        } catch (CertIOException | OperatorCreationException | GeneralSecurityException e) {
            throw new IllegalStateException("could not make a self-signed certificate", e);
        }
    }

    private static GeneralNames alternativeNames(Set<String> names) {
        return new GeneralNames(names.stream()
                .map(name -> isAddress(name)
                        ? new GeneralName(GeneralName.iPAddress, name)
                        : new GeneralName(GeneralName.dNSName, name))
                .toArray(GeneralName[]::new));
    }

    static boolean isAddress(String name) {
        return name.contains(":") || name.matches("[0-9.]+");
    }

    /** An IP address as the JDK prints it from a certificate ({@code ::1} becomes {@code 0:0:0:0:0:0:0:1}). */
    private static String canonicalAddress(String name) {
        if (!isAddress(name)) {
            return name;
        }
        try {
            return InetAddress.getByName(name).getHostAddress().toLowerCase(Locale.ROOT);
        } catch (UnknownHostException e) {
            return name;
        }
    }

    private static void keep(
            Path dir, Path certificateFile, Path keyFile, X509Certificate certificate, PrivateKey key) {
        try {
            Files.createDirectories(dir);
            StringWriter keyText = new StringWriter();
            PemFiles.write(keyText, key);
            writeAtomically(keyFile, keyText.toString(), true);
            StringWriter certificateText = new StringWriter();
            PemFiles.write(certificateText, certificate);
            writeAtomically(certificateFile, certificateText.toString(), false);
        } catch (IOException e) {
            throw new ConfigException("the self-signed certificate could not be written to " + dir + ": "
                    + e.getMessage() + "; check that the data directory is writable");
        }
    }

    private static void writeAtomically(Path file, String text, boolean ownerOnly) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(temporary);
        if (ownerOnly && FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(
                    temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        Files.writeString(temporary, text, StandardCharsets.US_ASCII);
        try {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
