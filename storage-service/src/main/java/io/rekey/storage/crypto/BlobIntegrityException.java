package io.rekey.storage.crypto;

import java.io.IOException;

/**
 * A stored blob could not be decrypted or authenticated: it was altered, truncated, reordered, spliced from another
 * blob, or made under another key. Every such failure has this one type, and its message does not say which check
 * failed, so the exception reveals nothing an attacker could use.
 *
 * <p>It is an {@link IOException} because it surfaces while a blob is streamed to a client.
 */
public final class BlobIntegrityException extends IOException {
    public BlobIntegrityException(String message) {
        super(message);
    }

    public BlobIntegrityException(String message, Throwable cause) {
        super(message, cause);
    }
}
