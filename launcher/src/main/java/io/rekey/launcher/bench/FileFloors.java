package io.rekey.launcher.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/** Sequential file write (with fsync, as a durable put does) and read throughput in the data directory. */
final class FileFloors {
    private FileFloors() {}

    static double writeMegabytesPerSecond(Path dir, long bytes, int bufferBytes) throws IOException {
        Path file = Files.createTempFile(dir, "floor-", ".bin");
        ByteBuffer buffer = randomBuffer(bufferBytes);
        long start = System.nanoTime();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            for (long written = 0; written < bytes; written += bufferBytes) {
                buffer.rewind();
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            }
            channel.force(true);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Files.delete(file);
        return bytes / seconds / 1e6;
    }

    static double readMegabytesPerSecond(Path dir, long bytes, int bufferBytes) throws IOException {
        Path file = Files.createTempFile(dir, "floor-", ".bin");
        try {
            fill(file, bytes, bufferBytes);
            ByteBuffer buffer = ByteBuffer.allocate(bufferBytes);
            long start = System.nanoTime();
            long read = 0;
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                int n;
                while ((n = channel.read(buffer)) > 0) {
                    read += n;
                    buffer.clear();
                }
            }
            return read / ((System.nanoTime() - start) / 1e9) / 1e6;
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static void fill(Path file, long bytes, int bufferBytes) throws IOException {
        ByteBuffer buffer = randomBuffer(bufferBytes);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            for (long written = 0; written < bytes; written += bufferBytes) {
                buffer.rewind();
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            }
        }
    }

    private static ByteBuffer randomBuffer(int bufferBytes) {
        byte[] bytes = new byte[bufferBytes];
        ThreadLocalRandom.current().nextBytes(bytes);
        return ByteBuffer.wrap(bytes);
    }
}
