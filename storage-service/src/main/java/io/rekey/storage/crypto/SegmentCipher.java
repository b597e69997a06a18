package io.rekey.storage.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Seals and opens the segments of one blob. Each segment's nonce is the blob's random 8-byte prefix followed by the
 * 4-byte segment index, so no two segments of a blob share a nonce (and every blob has its own data key besides).
 * Each segment's associated data binds the header's fixed part, the blob's account, container and name, the segment
 * index and whether it is the last segment; the last one also binds the plaintext length and digest. Reordered,
 * dropped, appended or transplanted segments therefore fail to open.
 */
final class SegmentCipher {
    private static final byte[] DOMAIN = "rekey-blob-segment-v1".getBytes(StandardCharsets.US_ASCII);

    private final AesKey dek;
    private final byte[] noncePrefix;
    private final byte[] commonAad;

    SegmentCipher(AesKey dek, BlobHeader header, BlobBinding binding) {
        this.dek = dek;
        this.noncePrefix = header.noncePrefix();
        byte[] fixed = header.fixedPart();
        byte[] bound = binding.encoded();
        this.commonAad = ByteBuffer.allocate(DOMAIN.length + 4 + fixed.length + bound.length)
                .put(DOMAIN)
                .putInt(fixed.length)
                .put(fixed)
                .put(bound)
                .array();
    }

    byte[] seal(int index, boolean last, byte[] contentPart, byte[] plaintext, int length) {
        return KeyMaterial.seal(dek, nonce(index), aad(index, last, contentPart), plaintext, 0, length);
    }

    byte[] open(int index, boolean last, byte[] contentPart, byte[] sealed) throws BlobIntegrityException {
        return KeyMaterial.open(dek, nonce(index), aad(index, last, contentPart), sealed);
    }

    private byte[] nonce(int index) {
        return ByteBuffer.allocate(KeyMaterial.GCM_NONCE_BYTES)
                .put(noncePrefix)
                .putInt(index)
                .array();
    }

    private byte[] aad(int index, boolean last, byte[] contentPart) {
        int tail = last ? contentPart.length : 0;
        ByteBuffer aad = ByteBuffer.allocate(commonAad.length + 8 + 1 + tail)
                .put(commonAad)
                .putLong(index)
                .put((byte) (last ? 1 : 0));
        if (last) {
            aad.put(contentPart);
        }
        return aad.array();
    }
}
