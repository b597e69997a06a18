package io.rekey.storage.crypto;

import java.util.Arrays;

/**
 * A 256-bit AES key held in memory: an account encryption key (AEK), a per-blob data key (DEK) or the service's own
 * key-wrapping key. Its bytes are reachable only from {@link KeyMaterial}, and {@link #toString()} never shows them,
 * so a key cannot leak into a log line or an exception message by accident.
 */
public final class AesKey {
    static final int LENGTH_BYTES = 32;

    private final byte[] bytes;
    private volatile boolean destroyed;

    AesKey(byte[] bytes) {
        if (bytes.length != LENGTH_BYTES) {
            throw new IllegalArgumentException("an AES-256 key has 32 bytes, not " + bytes.length);
        }
        this.bytes = bytes.clone();
    }

    /** The raw bytes; package-private so that only {@link KeyMaterial} can use them. */
    byte[] bytes() {
        if (destroyed) {
            throw new IllegalStateException("this key was destroyed and can no longer be used");
        }
        return bytes;
    }

    /** Overwrites the bytes; the key is unusable afterwards. */
    public void destroy() {
        destroyed = true;
        Arrays.fill(bytes, (byte) 0);
    }

    public boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public String toString() {
        return "AesKey[hidden]";
    }
}
