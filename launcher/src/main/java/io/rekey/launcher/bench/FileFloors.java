package io.rekey.launcher.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
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

    /**
     * Small files one after another, each created, written, forced to disk and closed, as a durable put of a small blob
     * does: for small blobs the per-file cost, not the bandwidth, is the floor.
     */
    static double smallFileWriteMegabytesPerSecond(Path dir, int fileBytes, Duration duration) throws IOException {
        Path subdir = Files.createTempDirectory(dir, "floor-small-");
        ByteBuffer buffer = randomBuffer(fileBytes);
        long end = System.nanoTime() + duration.toNanos();
        long start = System.nanoTime();
        long files = 0;
        while (System.nanoTime() < end) {
            Path file = subdir.resolve("f" + (files % 64));
            try (FileChannel channel = FileChannel.open(
                    file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                buffer.rewind();
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            files++;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        deleteAll(subdir);
        return files * (double) fileBytes / seconds / 1e6;
    }

    /** Small files opened, read whole and closed, one after another (from the page cache, as a just-written blob). */
    static double smallFileReadMegabytesPerSecond(Path dir, int fileBytes, Duration duration) throws IOException {
        Path subdir = Files.createTempDirectory(dir, "floor-small-");
        for (int i = 0; i < 64; i++) {
            fill(subdir.resolve("f" + i), fileBytes, fileBytes);
        }
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        long end = System.nanoTime() + duration.toNanos();
        long start = System.nanoTime();
        long read = 0;
        long files = 0;
        while (System.nanoTime() < end) {
            try (FileChannel channel =
                    FileChannel.open(subdir.resolve("f" + (files++ % 64)), StandardOpenOption.READ)) {
                int n;
                while ((n = channel.read(buffer)) > 0) {
                    read += n;
                    buffer.clear();
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        deleteAll(subdir);
        return read / seconds / 1e6;
    }

    private static void deleteAll(Path subdir) throws IOException {
        try (var files = Files.list(subdir)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(subdir);
    }

    private static void fill(Path file, long bytes, int bufferBytes) throws IOException {
        ByteBuffer buffer = randomBuffer(bufferBytes);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
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
