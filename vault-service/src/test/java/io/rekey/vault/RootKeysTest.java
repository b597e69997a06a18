package io.rekey.vault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rekey.service.config.ConfigException;
import io.rekey.service.config.Settings;
import io.rekey.vault.crypto.KeyBytes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootKeysTest {
    @TempDir
    Path dir;

    private VaultSettings settings(Map<String, String> values) {
        Map<String, String> all = new HashMap<>(values);
        all.put("vault.data.dir", dir.toString());
        return VaultSettings.from(Settings.of(all));
    }

    @Test
    void localMode_onFirstStart_createsKeyFile_andReusesItAfter() {
        String first = RootKeys.load(settings(Map.of())).keyId();
        assertTrue(Files.exists(dir.resolve(RootKeys.LOCAL_KEY_FILE)));
        assertEquals(first, RootKeys.load(settings(Map.of())).keyId());
    }

    @Test
    void localMode_withCreateOff_isRefusedNamingTheSettings() {
        ConfigException e = assertThrows(
                ConfigException.class, () -> RootKeys.load(settings(Map.of("vault.root.key.create", "false"))));
        assertTrue(e.getMessage().contains("vault.root.key.file"), e.getMessage());
    }

    @Test
    void passphrase_storesSaltNextToData_andDerivesTheSameKeyAgain() {
        String first = RootKeys.load(settings(Map.of("vault.root.passphrase", "open sesame")))
                .keyId();
        assertTrue(Files.exists(dir.resolve(RootKeys.SALT_FILE)));
        assertEquals(
                first,
                RootKeys.load(settings(Map.of("vault.root.passphrase", "open sesame")))
                        .keyId());
        assertNotEquals(
                first,
                RootKeys.load(settings(Map.of("vault.root.passphrase", "open sesame!")))
                        .keyId());
    }

    @Test
    void keyFile_isRead_andBothSourcesAtOnceAreRefused() throws Exception {
        Path file = dir.resolve("given.key");
        KeyBytes.createRootKeyFile(file);
        RootKeys.load(settings(Map.of("vault.root.key.file", file.toString())));
        assertThrows(
                ConfigException.class,
                () -> RootKeys.load(
                        settings(Map.of("vault.root.key.file", file.toString(), "vault.root.passphrase", "x"))));
        assertThrows(
                ConfigException.class,
                () -> RootKeys.load(settings(
                        Map.of("vault.root.key.file", dir.resolve("missing").toString()))));
    }
}
