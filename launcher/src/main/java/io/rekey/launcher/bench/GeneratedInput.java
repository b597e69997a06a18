package io.rekey.launcher.bench;

import java.io.InputStream;
import java.util.concurrent.ThreadLocalRandom;

/** A stream of a given length made from one random block repeated: blob content without holding the blob in memory. */
final class GeneratedInput extends InputStream {
    private static final byte[] BLOCK = block();

    private long remaining;

    GeneratedInput(long length) {
        this.remaining = length;
    }

    private static byte[] block() {
        byte[] block = new byte[64 * 1024 + 7];
        ThreadLocalRandom.current().nextBytes(block);
        return block;
    }

    @Override
    public int read() {
        if (remaining <= 0) {
            return -1;
        }
        remaining--;
        return BLOCK[(int) (remaining % BLOCK.length)] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        if (remaining <= 0) {
            return -1;
        }
        int start = (int) (remaining % BLOCK.length);
        int n = (int) Math.min(Math.min(length, remaining), BLOCK.length - start);
        System.arraycopy(BLOCK, start, buffer, offset, n);
        remaining -= n;
        return n;
    }
}
