package io.rekey.vault.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * The vault's root key, which seals private key material at rest with AES-256-GCM. The associated data binds each
 * sealed blob to its key name and version, so a blob copied onto another key or version does not open. The key id is
 * an HMAC of a fixed label, so a journal can say which root key sealed it without revealing anything about the key.
 */
public final class RootKey {
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKey key;
    private final String keyId;

    public RootKey(SecretKey key) {
        this.key = key;
        this.keyId = computeKeyId(key);
    }

    public String keyId() {
        return keyId;
    }

    /** Seals a private key for one key version; returns nonce followed by ciphertext and tag. */
    public byte[] sealPrivate(KeyMaterial material, String keyName, String version) {
        byte[] plaintext = KeyBytes.encodePrivate(material.privateKey());
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding", "SunJCE");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData(keyName, version));
            byte[] sealed = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(NONCE_BYTES + sealed.length)
                    .put(nonce)
                    .put(sealed)
                    .array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable in the JDK provider", e);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    /** Opens what {@link #sealPrivate} sealed for the same key name and version. */
    public KeyMaterial openPrivate(
            byte[] sealed, java.security.interfaces.RSAPublicKey publicKey, String keyName, String version)
            throws SealBrokenException {
        if (sealed.length <= NONCE_BYTES) {
            throw new SealBrokenException("sealed key material is truncated");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding", "SunJCE");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
            cipher.updateAAD(associatedData(keyName, version));
            byte[] plaintext = cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
            return new KeyMaterial(publicKey, KeyBytes.decodePrivate(plaintext));
        } catch (AEADBadTagException e) {
            throw new SealBrokenException("sealed key material does not open under this root key for " + keyName + "/"
                    + version + "; it was sealed under another root key or altered");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable in the JDK provider", e);
        }
    }

    private static byte[] associatedData(String keyName, String version) {
        return ("rekey-vault/v1/" + keyName + "/" + version).getBytes(StandardCharsets.UTF_8);
    }

    private static String computeKeyId(SecretKey key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] tag = mac.doFinal("rekey-vault root key id".getBytes(StandardCharsets.UTF_8));
            return "root-" + HexFormat.of().formatHex(tag, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable in this JDK", e);
        }
    }

    @Override
    public String toString() {
        return "RootKey{" + keyId + "}";
    }

    /** Sealed material that does not open: bad data, or the wrong root key. */
    public static final class SealBrokenException extends Exception {
        public SealBrokenException(String message) {
            super(message);
        }
    }
}
