package io.rekey.storage.crypto;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The one class that touches raw key bytes. Everything else holds keys as {@link AesKey} and asks this class to
 * generate, wrap, unwrap, seal and open. All primitives come from the JDK's SunJCE provider, named explicitly: its
 * AES-GCM is hardware-accelerated, and pinning the provider keeps a differently ordered provider list from changing
 * what runs.
 *
 * <ul>
 *   <li>Key wrapping (an AEK under the service key, a DEK under an AEK): AES Key Wrap, RFC 3394 ({@code AES/KW}),
 *       whose built-in integrity check refuses a wrapped key that was altered or made under another key.
 *   <li>Blob segments: AES-256-GCM with a 96-bit nonce and a 128-bit tag.
 * </ul>
 */
public final class KeyMaterial {
    static final String PROVIDER = "SunJCE";
    static final int GCM_TAG_BYTES = 16;
    static final int GCM_NONCE_BYTES = 12;
    static final int WRAPPED_KEY_BYTES = AesKey.LENGTH_BYTES + 8;

    private static final String KEY_WRAP = "AES/KW/NoPadding";
    private static final String GCM = "AES/GCM/NoPadding";
    private static final SecureRandom RANDOM = new SecureRandom();

    private KeyMaterial() {}

    /** A fresh random 256-bit AES key. */
    public static AesKey newAesKey() {
        byte[] bytes = new byte[AesKey.LENGTH_BYTES];
        RANDOM.nextBytes(bytes);
        try {
            return new AesKey(bytes);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** Random bytes for nonces and identifiers. */
    public static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /** Wraps {@code key} under {@code wrappingKey} with AES Key Wrap; the result is 40 bytes of ciphertext. */
    public static byte[] wrap(AesKey wrappingKey, AesKey key) {
        try {
            Cipher cipher = Cipher.getInstance(KEY_WRAP, PROVIDER);
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(wrappingKey.bytes(), "AES"));
            return cipher.doFinal(key.bytes());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES key wrap is unavailable in " + PROVIDER, e);
        }
    }

    /**
     * Unwraps a key made by {@link #wrap}.
     *
     * @throws KeyUnwrapException if the wrapped bytes were altered or were made under another key
     */
    public static AesKey unwrap(AesKey wrappingKey, byte[] wrapped) throws KeyUnwrapException {
        if (wrapped.length != WRAPPED_KEY_BYTES) {
            throw new KeyUnwrapException("a wrapped AES-256 key has " + WRAPPED_KEY_BYTES + " bytes");
        }
        byte[] raw = null;
        try {
            Cipher cipher = Cipher.getInstance(KEY_WRAP, PROVIDER);
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(wrappingKey.bytes(), "AES"));
            raw = cipher.doFinal(wrapped);
            return new AesKey(raw);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new KeyUnwrapException("the wrapped key does not unwrap under this key", e);
        } finally {
            if (raw != null) {
                Arrays.fill(raw, (byte) 0);
            }
        }
    }

    /** Encrypts one segment; returns ciphertext followed by the 16-byte tag. */
    static byte[] seal(AesKey key, byte[] nonce, byte[] associatedData, byte[] plaintext, int offset, int length) {
        try {
            Cipher cipher = gcm(Cipher.ENCRYPT_MODE, key, nonce);
            cipher.updateAAD(associatedData);
            return cipher.doFinal(plaintext, offset, length);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable in " + PROVIDER, e);
        }
    }

    /**
     * Decrypts and authenticates one segment made by {@link #seal}.
     *
     * @throws BlobIntegrityException if the tag does not verify
     */
    static byte[] open(AesKey key, byte[] nonce, byte[] associatedData, byte[] sealed) throws BlobIntegrityException {
        try {
            Cipher cipher = gcm(Cipher.DECRYPT_MODE, key, nonce);
            cipher.updateAAD(associatedData);
            return cipher.doFinal(sealed);
        } catch (GeneralSecurityException e) {
            throw new BlobIntegrityException("a blob segment failed authentication", e);
        }
    }

    private static Cipher gcm(int mode, AesKey key, byte[] nonce) throws GeneralSecurityException {
        if (nonce.length != GCM_NONCE_BYTES) {
            throw new IllegalArgumentException("an AES-GCM nonce has " + GCM_NONCE_BYTES + " bytes");
        }
        Cipher cipher = Cipher.getInstance(GCM, PROVIDER);
        cipher.init(mode, new SecretKeySpec(key.bytes(), "AES"), new GCMParameterSpec(GCM_TAG_BYTES * 8, nonce));
        return cipher;
    }

    /**
     * The key as unpadded base64url, only to put it in the body of a vault {@code wrapkey} request, which is how the
     * vault's API takes the key it should wrap. The text must go nowhere else.
     */
    public static String exportForWrapping(AesKey key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.bytes());
    }

    /**
     * The key from the base64url {@code value} of a vault {@code unwrapkey} response.
     *
     * @throws KeyUnwrapException if the value is not a 256-bit key
     */
    public static AesKey importUnwrapped(String base64Url) throws KeyUnwrapException {
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(base64Url);
        } catch (IllegalArgumentException e) {
            throw new KeyUnwrapException("the vault returned an unwrapped key that is not base64url");
        }
        try {
            if (raw.length != AesKey.LENGTH_BYTES) {
                throw new KeyUnwrapException("the vault returned an unwrapped key of " + raw.length
                        + " bytes; an account key has " + AesKey.LENGTH_BYTES);
            }
            return new AesKey(raw);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /**
     * The service's own key-wrapping key, from a file holding its 32 raw bytes. On first start the file does not exist
     * and a new key is written, readable by its owner only.
     */
    public static AesKey loadOrCreateKeyFile(Path file) throws IOException {
        if (!Files.exists(file)) {
            createKeyFile(file);
        }
        byte[] raw = Files.readAllBytes(file);
        try {
            if (raw.length != AesKey.LENGTH_BYTES) {
                throw new IOException("key file " + file + " holds " + raw.length + " bytes, not the "
                        + AesKey.LENGTH_BYTES + " of an AES-256 key; restore it from a backup");
            }
            return new AesKey(raw);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    private static void createKeyFile(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(temporary);
        Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        byte[] raw = randomBytes(AesKey.LENGTH_BYTES);
        try {
            Files.write(temporary, raw);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
        try {
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            Files.deleteIfExists(temporary);
        }
    }
}
