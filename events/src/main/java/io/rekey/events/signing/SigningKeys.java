package io.rekey.events.signing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * An Ed25519 key pair for signing events. The public half travels as base64 X.509 text (safe to print and
 * configure); the key id is derived from it, so producer and consumers agree on it without more configuration.
 */
public record SigningKeys(PublicKey publicKey, PrivateKey privateKey) {

    public static SigningKeys generate() {
        try {
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            return new SigningKeys(pair.getPublic(), pair.getPrivate());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is unavailable in this JDK", e);
        }
    }

    /** The key id: the first 16 hex characters of the SHA-256 of the public key. */
    public String keyId() {
        return keyIdOf(publicKey);
    }

    public static String keyIdOf(PublicKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return "ed25519-" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is unavailable in this JDK", e);
        }
    }

    public EventSigner signer() {
        return new EventSigner(privateKey, keyId());
    }

    public String publicKeyText() {
        return Base64.getEncoder().encodeToString(publicKey.getEncoded());
    }

    public static PublicKey publicKeyFromText(String text) {
        try {
            byte[] encoded = Base64.getDecoder().decode(text.trim());
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "event signing public key is not base64 X.509 Ed25519; copy it from the vault's signing key file");
        }
    }

    /**
     * Reads the pair from a file written by {@link #write(Path)}, or makes a new pair and writes it. The file holds the
     * private key, so it is created readable by its owner only.
     */
    public static SigningKeys loadOrCreate(Path file) throws IOException {
        if (Files.exists(file)) {
            return read(file);
        }
        SigningKeys keys = generate();
        keys.write(file);
        return keys;
    }

    private static SigningKeys read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        if (lines.size() < 2) {
            throw new IOException("event signing key file " + file + " should hold two lines: private, then public");
        }
        try {
            byte[] pkcs8 = Base64.getDecoder().decode(lines.get(0).trim());
            PrivateKey privateKey = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            return new SigningKeys(publicKeyFromText(lines.get(1)), privateKey);
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new IOException("event signing key file " + file + " does not hold an Ed25519 key pair", e);
        }
    }

    public void write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(temporary);
        Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        String privateText = Base64.getEncoder().encodeToString(privateKey.getEncoded());
        Files.writeString(temporary, privateText + "\n" + publicKeyText() + "\n");
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public String toString() {
        return "SigningKeys{keyId=" + keyId() + "}";
    }
}
