package io.rekey.storage.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BlobCryptoTest {
    private static final int SEGMENT = 64;
    private static final int HEADER_BYTES = 4 + 1 + 4 + 4 + 8 + 2 + 40 + 2 + "text/plain".length() + 8 + 32;
    private static final BlobBinding BINDING = new BlobBinding("acct1", "photos", "cat.jpg");

    @TempDir
    Path dir;

    private final AesKey aek = KeyMaterial.newAesKey();

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 63, 64, 65, 128, 1000})
    void blob_anySize_roundTripsByteIdentical(int size) throws Exception {
        byte[] data = bytes(size, size);

        Path file = write(data, BINDING);

        assertArrayEquals(data, readAll(file, BINDING, aek));
        assertEquals(HEADER_BYTES + size + 16L * Math.max(1, (size + SEGMENT - 1) / SEGMENT), Files.size(file));
    }

    @Test
    void blob_written_headerCarriesLengthAndSha256() throws Exception {
        byte[] data = bytes(300, 1);

        Path file = write(data, BINDING);

        try (FileChannel channel = FileChannel.open(file)) {
            BlobHeader header = BlobHeader.read(channel);
            assertEquals(300, header.plaintextLength());
            assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(data), header.sha256());
            assertEquals("text/plain", header.contentType());
            assertEquals(7, header.aekGeneration());
        }
    }

    @Test
    void blob_writtenTwice_hasDifferentEtagAndCiphertext() throws Exception {
        byte[] data = bytes(100, 2);

        Path first = write(data, BINDING);
        Path second = write(data, BINDING);

        assertNotEquals(header(first).etag(), header(second).etag());
        assertNotEquals(Arrays.toString(Files.readAllBytes(first)), Arrays.toString(Files.readAllBytes(second)));
    }

    @Test
    void blob_rangeAcrossSegments_returnsExactlyThoseBytes() throws Exception {
        byte[] data = bytes(1000, 3);
        Path file = write(data, BINDING);

        for (long[] range : new long[][] {{0, 1}, {63, 2}, {64, 64}, {100, 500}, {999, 1}, {0, 1000}, {500, 0}}) {
            try (BlobReader reader = open(file, BINDING, aek);
                    InputStream in = reader.stream(range[0], range[1])) {
                byte[] expected = Arrays.copyOfRange(data, (int) range[0], (int) (range[0] + range[1]));
                assertArrayEquals(expected, in.readAllBytes(), "range " + Arrays.toString(range));
            }
        }
    }

    @Test
    void blob_overLimit_isRefused() throws Exception {
        BlobWriter writer = new BlobWriter(SEGMENT, 100);
        try (FileChannel out =
                FileChannel.open(dir.resolve("big"), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            assertThrows(
                    BlobTooLargeException.class,
                    () -> writer.write(new ByteArrayInputStream(bytes(101, 4)), out, aek, 7, BINDING, "x"));
        }
    }

    @Test
    void blob_exactlyAtLimit_isAccepted() throws Exception {
        BlobWriter writer = new BlobWriter(SEGMENT, 128);
        try (FileChannel out =
                FileChannel.open(dir.resolve("edge"), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            BlobHeader header = writer.write(new ByteArrayInputStream(bytes(128, 4)), out, aek, 7, BINDING, "x");
            assertEquals(128, header.plaintextLength());
        }
    }

    @Test
    void blob_everyHeaderBitFlipped_isRefused() throws Exception {
        Path file = write(bytes(200, 5), BINDING);
        byte[] original = Files.readAllBytes(file);

        for (int i = 0; i < HEADER_BYTES * 8; i++) {
            byte[] tampered = original.clone();
            tampered[i / 8] ^= (byte) (1 << (i % 8));
            Files.write(file, tampered);
            assertThrows(BlobIntegrityException.class, () -> readAll(file, BINDING, aek), "header bit " + i);
        }
    }

    @Test
    void blob_dataSegmentBitFlipped_isRefusedWhenReached() throws Exception {
        Path file = write(bytes(200, 6), BINDING);
        flipBit(file, HEADER_BYTES + 10);

        assertThrows(BlobIntegrityException.class, () -> readAll(file, BINDING, aek));
    }

    @Test
    void blob_tagBitFlipped_isRefused() throws Exception {
        Path file = write(bytes(200, 7), BINDING);
        flipBit(file, HEADER_BYTES + SEGMENT + 3);

        assertThrows(BlobIntegrityException.class, () -> readAll(file, BINDING, aek));
    }

    @Test
    void blob_lastSegmentTamperedButRangeInFirst_isRefusedBeforeAnyByte() throws Exception {
        Path file = write(bytes(200, 8), BINDING);
        flipBit(file, (int) Files.size(file) - 1);

        assertThrows(BlobIntegrityException.class, () -> open(file, BINDING, aek));
    }

    @Test
    void blob_lastSegmentTruncated_isRefused() throws Exception {
        Path file = write(bytes(200, 9), BINDING);
        byte[] all = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(all, all.length - (200 - 3 * SEGMENT) - 16));

        assertThrows(BlobIntegrityException.class, () -> readAll(file, BINDING, aek));
    }

    @Test
    void blob_lastSegmentDroppedAndLengthForged_isRefused() throws Exception {
        byte[] data = bytes(256, 10);
        Path file = write(data, BINDING);
        byte[] all = Files.readAllBytes(file);
        byte[] cut = Arrays.copyOf(all, all.length - SEGMENT - 16);
        // Forge the header's length to the shorter size so the file size matches.
        java.nio.ByteBuffer.wrap(cut).putLong(HEADER_BYTES - 40, 3L * SEGMENT);
        Files.write(file, cut);

        assertThrows(BlobIntegrityException.class, () -> readAll(file, BINDING, aek));
    }

    @Test
    void blob_twoSegmentsSwapped_isRefused() throws Exception {
        Path file = write(bytes(256, 11), BINDING);
        byte[] all = Files.readAllBytes(file);
        int sealed = SEGMENT + 16;
        byte[] first = Arrays.copyOfRange(all, HEADER_BYTES, HEADER_BYTES + sealed);
        System.arraycopy(all, HEADER_BYTES + sealed, all, HEADER_BYTES, sealed);
        System.arraycopy(first, 0, all, HEADER_BYTES + sealed, sealed);
        Files.write(file, all);

        assertThrows(BlobIntegrityException.class, () -> readAll(file, BINDING, aek));
    }

    @Test
    void blob_copiedUnderAnotherName_isRefused() throws Exception {
        Path file = write(bytes(100, 12), BINDING);

        for (BlobBinding other : new BlobBinding[] {
            new BlobBinding("acct1", "photos", "dog.jpg"),
            new BlobBinding("acct1", "videos", "cat.jpg"),
            new BlobBinding("acct2", "photos", "cat.jpg")
        }) {
            assertThrows(BlobIntegrityException.class, () -> readAll(file, other, aek), other.toString());
        }
    }

    @Test
    void blob_segmentSplicedFromAnotherBlob_isRefused() throws Exception {
        Path one = write(bytes(200, 13), BINDING);
        Path two = write(bytes(200, 14), BINDING);
        byte[] a = Files.readAllBytes(one);
        byte[] b = Files.readAllBytes(two);
        System.arraycopy(b, HEADER_BYTES, a, HEADER_BYTES, SEGMENT + 16);
        Files.write(one, a);

        assertThrows(BlobIntegrityException.class, () -> readAll(one, BINDING, aek));
    }

    @Test
    void blob_otherAccountKey_isRefused() throws Exception {
        Path file = write(bytes(100, 15), BINDING);

        assertThrows(BlobIntegrityException.class, () -> readAll(file, BINDING, KeyMaterial.newAesKey()));
    }

    @Test
    void blob_otherAekGeneration_isRefused() throws Exception {
        Path file = write(bytes(100, 16), BINDING);

        assertThrows(BlobIntegrityException.class, () -> BlobReader.open(FileChannel.open(file), BINDING, aek, 8));
    }

    @Test
    void keyWrap_roundTrip_givesUsableKey() throws Exception {
        AesKey dek = KeyMaterial.newAesKey();
        byte[] wrapped = KeyMaterial.wrap(aek, dek);

        AesKey unwrapped = KeyMaterial.unwrap(aek, wrapped);

        assertEquals(40, wrapped.length);
        assertArrayEquals(KeyMaterial.wrap(aek, dek), KeyMaterial.wrap(aek, unwrapped));
    }

    @Test
    void keyWrap_bitFlipped_isRefused() {
        byte[] wrapped = KeyMaterial.wrap(aek, KeyMaterial.newAesKey());
        for (int i = 0; i < wrapped.length * 8; i++) {
            byte[] tampered = wrapped.clone();
            tampered[i / 8] ^= (byte) (1 << (i % 8));
            assertThrows(KeyUnwrapException.class, () -> KeyMaterial.unwrap(aek, tampered));
        }
    }

    @Test
    void keyWrap_otherWrappingKey_isRefused() {
        byte[] wrapped = KeyMaterial.wrap(aek, KeyMaterial.newAesKey());

        assertThrows(KeyUnwrapException.class, () -> KeyMaterial.unwrap(KeyMaterial.newAesKey(), wrapped));
    }

    @Test
    void aesKey_toString_hidesBytes() {
        assertEquals("AesKey[hidden]", aek.toString());
    }

    @Test
    void aesKey_destroyed_isUnusable() {
        AesKey key = KeyMaterial.newAesKey();
        key.destroy();

        assertThrows(IllegalStateException.class, () -> KeyMaterial.wrap(aek, key));
    }

    @Test
    void transportText_roundTrip_givesSameKey() throws Exception {
        AesKey copy = KeyMaterial.importUnwrapped(KeyMaterial.exportForWrapping(aek));

        assertArrayEquals(KeyMaterial.wrap(copy, copy), KeyMaterial.wrap(aek, aek));
    }

    @Test
    void transportText_wrongLength_isRefused() {
        assertThrows(KeyUnwrapException.class, () -> KeyMaterial.importUnwrapped("AAAA"));
    }

    @Test
    void keyFile_missing_isCreatedOwnerOnlyAndReloaded() throws Exception {
        Path file = dir.resolve("keys/service.key");

        AesKey first = KeyMaterial.loadOrCreateKeyFile(file);
        AesKey second = KeyMaterial.loadOrCreateKeyFile(file);

        assertArrayEquals(KeyMaterial.wrap(first, aek), KeyMaterial.wrap(second, aek));
        assertEquals(
                "rw-------",
                java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    private Path write(byte[] data, BlobBinding binding) throws IOException {
        Path file = Files.createTempFile(dir, "blob", ".bin");
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE)) {
            new BlobWriter(SEGMENT, 1 << 20).write(new ByteArrayInputStream(data), out, aek, 7, binding, "text/plain");
        }
        return file;
    }

    private static BlobReader open(Path file, BlobBinding binding, AesKey key) throws IOException {
        FileChannel channel = FileChannel.open(file);
        try {
            return BlobReader.open(channel, binding, key, 7);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    private static byte[] readAll(Path file, BlobBinding binding, AesKey key) throws IOException {
        try (BlobReader reader = open(file, binding, key);
                InputStream in = reader.stream(0, reader.header().plaintextLength())) {
            return in.readAllBytes();
        }
    }

    private static BlobHeader header(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file)) {
            return BlobHeader.read(channel);
        }
    }

    private static void flipBit(Path file, int offset) throws IOException {
        byte[] all = Files.readAllBytes(file);
        all[offset] ^= 1;
        Files.write(file, all);
    }

    private static byte[] bytes(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }
}
