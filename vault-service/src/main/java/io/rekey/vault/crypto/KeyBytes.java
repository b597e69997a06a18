package io.rekey.vault.crypto;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * The one place where raw key bytes exist: RSA private keys encoded for sealing and decoded after opening, imported
 * JWK private parts, and the root key read from its file or derived from a passphrase. Everything else handles key
 * objects only. Nothing here logs, and every temporary byte array is wiped after use.
 */
public final class KeyBytes {
    public static final int ROOT_KEY_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Argon2id cost: 64 MiB of memory, 3 passes, one lane, in line with common guidance for interactive use. */
    private static final int ARGON2_MEMORY_KIB = 64 * 1024;

    private static final int ARGON2_ITERATIONS = 3;

    private KeyBytes() {}

    /** The PKCS#8 encoding of a private key, to be sealed at once; the caller wipes it after sealing. */
    public static byte[] encodePrivate(RSAPrivateCrtKey key) {
        return key.getEncoded();
    }

    /** Decodes and wipes a PKCS#8 private key that was just opened. */
    public static RSAPrivateCrtKey decodePrivate(byte[] pkcs8) {
        try {
            return (RSAPrivateCrtKey) rsaFactory().generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalStateException("sealed private key does not decode as an RSA private key");
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
    }

    /** Builds an RSA key pair from the parts of an imported JSON Web Key. */
    public static KeyMaterial fromJwkParts(JwkParts parts) {
        try {
            KeyFactory factory = rsaFactory();
            RSAPublicKey publicKey = (RSAPublicKey) factory.generatePublic(new RSAPublicKeySpec(parts.n(), parts.e()));
            RSAPrivateCrtKey privateKey = (RSAPrivateCrtKey) factory.generatePrivate(new RSAPrivateCrtKeySpec(
                    parts.n(), parts.e(), parts.d(), parts.p(), parts.q(), parts.dp(), parts.dq(), parts.qi()));
            return new KeyMaterial(publicKey, privateKey);
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new InvalidKeyMaterialException("the JWK does not describe a usable RSA private key");
        }
    }

    /** Reads a root key file: 32 random bytes in base64 on one line. */
    public static SecretKey readRootKeyFile(Path file) throws IOException {
        byte[] raw;
        try {
            raw = Base64.getDecoder()
                    .decode(Files.readString(file, StandardCharsets.US_ASCII).trim());
        } catch (IllegalArgumentException e) {
            throw new IOException("root key file " + file + " is not base64; it must hold 32 random bytes in base64");
        }
        try {
            if (raw.length != ROOT_KEY_BYTES) {
                throw new IOException("root key file " + file + " holds " + raw.length
                        + " bytes; it must hold exactly 32 random bytes in base64");
            }
            return new SecretKeySpec(raw, "AES");
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /** Makes a new random root key and writes it to a file only its owner can read. */
    public static SecretKey createRootKeyFile(Path file) throws IOException {
        byte[] raw = new byte[ROOT_KEY_BYTES];
        RANDOM.nextBytes(raw);
        try {
            writeOwnerOnly(file, Base64.getEncoder().encodeToString(raw) + "\n");
            return new SecretKeySpec(raw, "AES");
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /** Derives the root key from a passphrase with Argon2id, a memory-hard KDF. */
    public static SecretKey deriveRootKey(char[] passphrase, byte[] salt) {
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(ARGON2_MEMORY_KIB)
                .withIterations(ARGON2_ITERATIONS)
                .withParallelism(1)
                .withSalt(salt)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] raw = new byte[ROOT_KEY_BYTES];
        try {
            generator.generateBytes(passphrase, raw);
            return new SecretKeySpec(raw, "AES");
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    public static byte[] randomSalt() {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return salt;
    }

    static void writeOwnerOnly(Path file, String text) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(temporary);
        Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temporary, text, StandardCharsets.US_ASCII);
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
    }

    private static KeyFactory rsaFactory() throws GeneralSecurityException {
        return KeyFactory.getInstance("RSA", "SunRsaSign");
    }

    /** The integers of an RSA private JWK, already decoded from base64url. */
    public record JwkParts(
            BigInteger n,
            BigInteger e,
            BigInteger d,
            BigInteger p,
            BigInteger q,
            BigInteger dp,
            BigInteger dq,
            BigInteger qi) {
        @Override
        public String toString() {
            return "JwkParts[hidden]";
        }
    }
}
