package io.rekey.storage.crypto;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The header at the start of every blob file, in this order (big-endian):
 *
 * <pre>
 * magic "RKYB" (4) | format version (1) | AEK generation (4) | segment size (4) | nonce prefix (8)
 * | wrapped DEK length (2) | wrapped DEK | content type length (2) | content type (UTF-8)
 * | plaintext length (8) | SHA-256 of the plaintext (32)
 * </pre>
 *
 * Everything before the plaintext length is the fixed part: known before the first byte of data, and bound into
 * every segment's associated data. Length and digest are known only at the end; they are written last, into their
 * reserved place, and bound into the last segment's associated data. So a change to any header byte fails
 * decryption.
 */
public record BlobHeader(
        int formatVersion,
        int aekGeneration,
        int segmentSize,
        byte[] noncePrefix,
        byte[] wrappedDek,
        String contentType,
        long plaintextLength,
        byte[] sha256) {

    static final int FORMAT_VERSION = 1;
    static final int NONCE_PREFIX_BYTES = 8;
    static final int SHA256_BYTES = 32;
    static final int MAX_CONTENT_TYPE_BYTES = 255;
    static final int MIN_SEGMENT_SIZE = 16;
    static final int MAX_SEGMENT_SIZE = 16 * 1024 * 1024;
    private static final byte[] MAGIC = {'R', 'K', 'Y', 'B'};
    private static final int MAX_HEADER_BYTES = 4
            + 1
            + 4
            + 4
            + NONCE_PREFIX_BYTES
            + 2
            + KeyMaterial.WRAPPED_KEY_BYTES
            + 2
            + MAX_CONTENT_TYPE_BYTES
            + 8
            + SHA256_BYTES;

    public BlobHeader {
        noncePrefix = noncePrefix.clone();
        wrappedDek = wrappedDek.clone();
        sha256 = sha256.clone();
    }

    @Override
    public byte[] noncePrefix() {
        return noncePrefix.clone();
    }

    @Override
    public byte[] sha256() {
        return sha256.clone();
    }

    @Override
    public byte[] wrappedDek() {
        return wrappedDek.clone();
    }

    /** A strong ETag: the per-write random nonce prefix, so every put has a new one. */
    public String etag() {
        return "\"" + HexFormat.of().formatHex(noncePrefix) + "\"";
    }

    public BlobHeader withContent(long length, byte[] digest) {
        return new BlobHeader(
                formatVersion, aekGeneration, segmentSize, noncePrefix, wrappedDek, contentType, length, digest);
    }

    /** Bytes of the whole header. */
    public int length() {
        return fixedPart().length + 8 + SHA256_BYTES;
    }

    public int segmentCount() {
        return segmentCount(plaintextLength, segmentSize);
    }

    static int segmentCount(long plaintextLength, int segmentSize) {
        long count = Math.max(1, (plaintextLength + segmentSize - 1) / segmentSize);
        if (count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("blob has too many segments");
        }
        return (int) count;
    }

    /** The size the whole file must have: header plus every sealed segment. */
    public long expectedFileSize() {
        return length() + plaintextLength + (long) segmentCount() * KeyMaterial.GCM_TAG_BYTES;
    }

    byte[] fixedPart() {
        byte[] type = contentType.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(4 + 1 + 4 + 4 + NONCE_PREFIX_BYTES + 2 + wrappedDek.length + 2 + type.length)
                .put(MAGIC)
                .put((byte) formatVersion)
                .putInt(aekGeneration)
                .putInt(segmentSize)
                .put(noncePrefix)
                .putShort((short) wrappedDek.length)
                .put(wrappedDek)
                .putShort((short) type.length)
                .put(type)
                .array();
    }

    byte[] contentPart() {
        return ByteBuffer.allocate(8 + SHA256_BYTES)
                .putLong(plaintextLength)
                .put(sha256)
                .array();
    }

    byte[] encoded() {
        byte[] fixed = fixedPart();
        return ByteBuffer.allocate(fixed.length + 8 + SHA256_BYTES)
                .put(fixed)
                .put(contentPart())
                .array();
    }

    /**
     * Reads and checks the header's shape. It does not authenticate it: that happens when segments are opened.
     *
     * @throws BlobIntegrityException if it is not a well-formed header of a known version
     */
    public static BlobHeader read(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(MAX_HEADER_BYTES, channel.size()));
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, buffer.position()) < 0) {
                break;
            }
        }
        buffer.flip();
        try {
            return parse(buffer);
        } catch (java.nio.BufferUnderflowException | IllegalArgumentException e) {
            throw malformed();
        }
    }

    private static BlobHeader parse(ByteBuffer buffer) throws BlobIntegrityException {
        byte[] magic = new byte[MAGIC.length];
        buffer.get(magic);
        if (!Arrays.equals(magic, MAGIC) || buffer.get() != FORMAT_VERSION) {
            throw malformed();
        }
        int generation = buffer.getInt();
        int segmentSize = buffer.getInt();
        if (segmentSize < MIN_SEGMENT_SIZE || segmentSize > MAX_SEGMENT_SIZE) {
            throw malformed();
        }
        byte[] noncePrefix = new byte[NONCE_PREFIX_BYTES];
        buffer.get(noncePrefix);
        int wrappedLength = Short.toUnsignedInt(buffer.getShort());
        if (wrappedLength != KeyMaterial.WRAPPED_KEY_BYTES) {
            throw malformed();
        }
        byte[] wrapped = new byte[wrappedLength];
        buffer.get(wrapped);
        int typeLength = Short.toUnsignedInt(buffer.getShort());
        if (typeLength > MAX_CONTENT_TYPE_BYTES) {
            throw malformed();
        }
        byte[] type = new byte[typeLength];
        buffer.get(type);
        long length = buffer.getLong();
        if (length < 0 || length / segmentSize >= Integer.MAX_VALUE) {
            throw malformed();
        }
        byte[] digest = new byte[SHA256_BYTES];
        buffer.get(digest);
        return new BlobHeader(
                FORMAT_VERSION,
                generation,
                segmentSize,
                noncePrefix,
                wrapped,
                new String(type, StandardCharsets.UTF_8),
                length,
                digest);
    }

    private static BlobIntegrityException malformed() {
        return new BlobIntegrityException("the blob file's header is not valid");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BlobHeader h && Arrays.equals(encoded(), h.encoded());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encoded());
    }

    @Override
    public String toString() {
        return "BlobHeader{version=" + formatVersion + ", aekGeneration=" + aekGeneration + ", segmentSize="
                + segmentSize + ", length=" + plaintextLength + ", etag=" + etag() + "}";
    }
}
