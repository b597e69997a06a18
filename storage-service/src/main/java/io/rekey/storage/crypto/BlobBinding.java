package io.rekey.storage.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Where a blob lives: account, container and blob name. Every segment's associated data includes it, so a blob file
 * copied under another name, container or account no longer decrypts.
 */
public record BlobBinding(String account, String container, String blob) {

    public BlobBinding {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(container, "container");
        Objects.requireNonNull(blob, "blob");
    }

    byte[] encoded() {
        byte[] a = account.getBytes(StandardCharsets.UTF_8);
        byte[] c = container.getBytes(StandardCharsets.UTF_8);
        byte[] b = blob.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(12 + a.length + c.length + b.length)
                .putInt(a.length)
                .put(a)
                .putInt(c.length)
                .put(c)
                .putInt(b.length)
                .put(b)
                .array();
    }
}
