package io.rekey.storage.crypto;

import java.io.IOException;

/** The request body went past the configured blob size limit; nothing was kept. */
public final class BlobTooLargeException extends IOException {
    private final long limit;

    public BlobTooLargeException(long limit) {
        super("blob is larger than the limit of " + limit + " bytes");
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }
}
