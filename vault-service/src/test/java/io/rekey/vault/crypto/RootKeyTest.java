package io.rekey.vault.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootKeyTest {
    private static final KeyMaterial KEY = RsaCrypto.generate(2048);
    private static final String VERSION = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path dir;

    @Test
    void seal_thenOpen_givesTheSameKey() throws Exception {
        RootKey root = new RootKey(KeyBytes.createRootKeyFile(dir.resolve("root.key")));
        byte[] sealed = root.sealPrivate(KEY, "k1", VERSION);
        KeyMaterial opened = root.openPrivate(sealed, KEY.publicKey(), "k1", VERSION);
        assertEquals(KEY.privateKey().getPrivateExponent(), opened.privateKey().getPrivateExponent());
    }

    @Test
    void open_underAnotherKeyName_fails() throws Exception {
        RootKey root = new RootKey(KeyBytes.createRootKeyFile(dir.resolve("root.key")));
        byte[] sealed = root.sealPrivate(KEY, "k1", VERSION);
        assertThrows(RootKey.SealBrokenException.class, () -> root.openPrivate(sealed, KEY.publicKey(), "k2", VERSION));
        assertThrows(
                RootKey.SealBrokenException.class,
                () -> root.openPrivate(sealed, KEY.publicKey(), "k1", VERSION.replace('0', '1')));
    }

    @Test
    void open_withOneBitFlipped_fails() throws Exception {
        RootKey root = new RootKey(KeyBytes.createRootKeyFile(dir.resolve("root.key")));
        byte[] sealed = root.sealPrivate(KEY, "k1", VERSION);
        for (int i = 0; i < sealed.length; i += 97) {
            byte[] tampered = sealed.clone();
            tampered[i] ^= 1;
            assertThrows(
                    RootKey.SealBrokenException.class,
                    () -> root.openPrivate(tampered, KEY.publicKey(), "k1", VERSION));
        }
    }

    @Test
    void open_underAnotherRootKey_failsAndKeyIdsDiffer() throws Exception {
        RootKey first = new RootKey(KeyBytes.createRootKeyFile(dir.resolve("a.key")));
        RootKey second = new RootKey(KeyBytes.createRootKeyFile(dir.resolve("b.key")));
        assertNotEquals(first.keyId(), second.keyId());
        byte[] sealed = first.sealPrivate(KEY, "k1", VERSION);
        assertThrows(
                RootKey.SealBrokenException.class, () -> second.openPrivate(sealed, KEY.publicKey(), "k1", VERSION));
    }

    @Test
    void readRootKeyFile_afterCreate_givesTheSameKeyId() throws Exception {
        Path file = dir.resolve("root.key");
        RootKey created = new RootKey(KeyBytes.createRootKeyFile(file));
        assertEquals(created.keyId(), new RootKey(KeyBytes.readRootKeyFile(file)).keyId());
    }

    @Test
    void readRootKeyFile_withWrongLength_isRefused() throws Exception {
        Path file = dir.resolve("short.key");
        Files.writeString(file, "AAAA", StandardCharsets.US_ASCII);
        assertThrows(java.io.IOException.class, () -> KeyBytes.readRootKeyFile(file));
    }

    @Test
    void deriveRootKey_withSamePassphraseAndSalt_isStable_andSaltMatters() {
        byte[] salt = KeyBytes.randomSalt();
        String a = new RootKey(KeyBytes.deriveRootKey("correct horse".toCharArray(), salt)).keyId();
        String b = new RootKey(KeyBytes.deriveRootKey("correct horse".toCharArray(), salt)).keyId();
        String c = new RootKey(KeyBytes.deriveRootKey("correct horse".toCharArray(), KeyBytes.randomSalt())).keyId();
        assertEquals(a, b);
        assertNotEquals(a, c);
    }
}
