package io.rekey.storage.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Encrypts a stream into a blob file: a fresh data key wrapped under the account key, then one sealed segment at a
 * time, so no more than two segments of plaintext are ever in memory. The writer reads one segment ahead, because
 * whether a segment is the last one is bound into its associated data.
 */
public final class BlobWriter {
    private final int segmentSize;
    private final long maxBytes;

    public BlobWriter(int segmentSize, long maxBytes) {
        if (segmentSize < BlobHeader.MIN_SEGMENT_SIZE || segmentSize > BlobHeader.MAX_SEGMENT_SIZE) {
            throw new IllegalArgumentException("segment size must be between " + BlobHeader.MIN_SEGMENT_SIZE + " and "
                    + BlobHeader.MAX_SEGMENT_SIZE + " bytes, not " + segmentSize);
        }
        this.segmentSize = segmentSize;
        this.maxBytes = maxBytes;
    }

    /**
     * Writes the whole blob to {@code out}, from position 0. The caller forces and renames the file.
     *
     * @return the header as written, with the plaintext's length and SHA-256
     * @throws BlobTooLargeException when {@code in} holds more than the limit; the file is then incomplete
     */
    public BlobHeader write(
            InputStream in, FileChannel out, AesKey aek, int aekGeneration, BlobBinding binding, String contentType)
            throws IOException {
        String type = clip(contentType);
        AesKey dek = KeyMaterial.newAesKey();
        try {
            BlobHeader header = new BlobHeader(
                    BlobHeader.FORMAT_VERSION,
                    aekGeneration,
                    segmentSize,
                    KeyMaterial.randomBytes(BlobHeader.NONCE_PREFIX_BYTES),
                    KeyMaterial.wrap(aek, dek),
                    type,
                    0,
                    new byte[BlobHeader.SHA256_BYTES]);
            writeFully(out, ByteBuffer.wrap(header.encoded()), 0);
            return writeSegments(in, out, new SegmentCipher(dek, header, binding), header);
        } finally {
            dek.destroy();
        }
    }

    private BlobHeader writeSegments(InputStream in, FileChannel out, SegmentCipher cipher, BlobHeader header)
            throws IOException {
        MessageDigest digest = sha256();
        long position = header.length();
        long total = 0;
        byte[] current = new byte[segmentSize];
        byte[] next = new byte[segmentSize];
        int currentLength = readSegment(in, current);
        int index = 0;
        while (true) {
            total = checkedTotal(total, currentLength);
            digest.update(current, 0, currentLength);
            int nextLength = currentLength == segmentSize ? readSegment(in, next) : 0;
            if (nextLength == 0) {
                BlobHeader complete = header.withContent(total, digest.digest());
                byte[] sealed = cipher.seal(index, true, complete.contentPart(), current, currentLength);
                writeFully(out, ByteBuffer.wrap(sealed), position);
                writeFully(out, ByteBuffer.wrap(complete.encoded()), 0);
                return complete;
            }
            byte[] sealed = cipher.seal(index, false, null, current, currentLength);
            writeFully(out, ByteBuffer.wrap(sealed), position);
            position += sealed.length;
            index++;
            byte[] swap = current;
            current = next;
            next = swap;
            currentLength = nextLength;
        }
    }

    private long checkedTotal(long total, int added) throws BlobTooLargeException {
        long sum = total + added;
        if (sum > maxBytes) {
            throw new BlobTooLargeException(maxBytes);
        }
        return sum;
    }

    private static int readSegment(InputStream in, byte[] buffer) throws IOException {
        return in.readNBytes(buffer, 0, buffer.length);
    }

    private static void writeFully(FileChannel out, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            at += out.write(buffer, at);
        }
    }

    private static String clip(String contentType) {
        String type = contentType == null || contentType.isBlank() ? "application/octet-stream" : contentType;
        byte[] bytes = type.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > BlobHeader.MAX_CONTENT_TYPE_BYTES) {
            throw new IllegalArgumentException(
                    "content type is longer than " + BlobHeader.MAX_CONTENT_TYPE_BYTES + " bytes");
        }
        return type;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable in this JDK", e);
        }
    }
}
