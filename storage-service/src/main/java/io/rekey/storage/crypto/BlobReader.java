package io.rekey.storage.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Decrypts a blob file. {@link #open} checks everything that can be checked before the first byte goes out: the
 * header's shape, the AEK generation, the file's exact size, the data key's unwrap, and the last segment (which
 * authenticates the length and digest). Segments in the requested range are then opened one at a time as the
 * stream is read; any that fails authentication ends the stream with a {@link BlobIntegrityException}, never with
 * wrong bytes.
 */
public final class BlobReader implements AutoCloseable {
    private final FileChannel channel;
    private final BlobHeader header;
    private final SegmentCipher cipher;
    private final AesKey dek;

    private BlobReader(FileChannel channel, BlobHeader header, SegmentCipher cipher, AesKey dek) {
        this.channel = channel;
        this.header = header;
        this.cipher = cipher;
        this.dek = dek;
    }

    /**
     * Opens a blob for reading; on success the reader owns the channel.
     *
     * @throws BlobIntegrityException if the file is not exactly what {@link BlobWriter} made for this binding and key
     */
    public static BlobReader open(FileChannel channel, BlobBinding binding, AesKey aek, int aekGeneration)
            throws IOException {
        BlobHeader header = BlobHeader.read(channel);
        if (header.aekGeneration() != aekGeneration || channel.size() != header.expectedFileSize()) {
            throw new BlobIntegrityException("the blob file does not match its account key or was truncated");
        }
        AesKey dek;
        try {
            dek = KeyMaterial.unwrap(aek, header.wrappedDek());
        } catch (KeyUnwrapException e) {
            throw new BlobIntegrityException("the blob's data key does not unwrap under the account key", e);
        }
        BlobReader reader = new BlobReader(channel, header, new SegmentCipher(dek, header, binding), dek);
        try {
            reader.segment(header.segmentCount() - 1);
            return reader;
        } catch (IOException e) {
            dek.destroy();
            throw e;
        }
    }

    public BlobHeader header() {
        return header;
    }

    /** A stream of {@code length} plaintext bytes from {@code offset}; closing it closes this reader. */
    public InputStream stream(long offset, long length) {
        if (offset < 0 || length < 0 || offset + length > header.plaintextLength()) {
            throw new IllegalArgumentException("range is outside the blob");
        }
        return new SegmentStream(offset, length);
    }

    private byte[] segment(int index) throws IOException {
        int count = header.segmentCount();
        boolean last = index == count - 1;
        long plainStart = (long) index * header.segmentSize();
        int plainLength = (int) Math.min(header.segmentSize(), header.plaintextLength() - plainStart);
        long position = header.length() + plainStart + (long) index * KeyMaterial.GCM_TAG_BYTES;
        ByteBuffer sealed = ByteBuffer.allocate(plainLength + KeyMaterial.GCM_TAG_BYTES);
        while (sealed.hasRemaining()) {
            if (channel.read(sealed, position + sealed.position()) < 0) {
                throw new BlobIntegrityException("the blob file ends early");
            }
        }
        return cipher.open(index, last, last ? header.contentPart() : null, sealed.array());
    }

    @Override
    public void close() throws IOException {
        dek.destroy();
        channel.close();
    }

    private final class SegmentStream extends InputStream {
        private long position;
        private final long end;
        private byte[] plain;
        private long plainStart;

        SegmentStream(long offset, long length) {
            this.position = offset;
            this.end = offset + length;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (position >= end) {
                return -1;
            }
            if (length == 0) {
                return 0;
            }
            if (plain == null || position >= plainStart + plain.length) {
                int index = (int) (position / header.segmentSize());
                plain = segment(index);
                plainStart = (long) index * header.segmentSize();
            }
            int from = (int) (position - plainStart);
            int n = (int) Math.min(Math.min(length, plain.length - from), end - position);
            System.arraycopy(plain, from, buffer, offset, n);
            position += n;
            return n;
        }

        @Override
        public void close() throws IOException {
            BlobReader.this.close();
        }
    }
}
