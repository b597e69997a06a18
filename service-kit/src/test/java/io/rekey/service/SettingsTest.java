package io.rekey.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rekey.service.config.ConfigException;
import io.rekey.service.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

    @Test
    void load_environmentOverridesFileOverridesDefaults(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("vault.properties");
        Files.writeString(file, "vault.http.port=8200\nvault.data.dir=/var/lib/rekey\n");

        Settings settings = Settings.load(
                Map.of("vault.http.port", "0", "vault.aek.lease", "5m"),
                Optional.of(file),
                Map.of("REKEY_VAULT_DATA_DIR", "/srv/rekey", "PATH", "/bin"));

        assertEquals(8200, settings.getInt("vault.http.port", -1));
        assertEquals("/srv/rekey", settings.require("vault.data.dir"));
        assertEquals(Duration.ofMinutes(5), settings.getDuration("vault.aek.lease", Duration.ZERO));
    }

    @Test
    void load_missingFile_failsNamingIt(@TempDir Path dir) {
        Path missing = dir.resolve("absent.properties");

        ConfigException e =
                assertThrows(ConfigException.class, () -> Settings.load(Map.of(), Optional.of(missing), Map.of()));

        assertTrue(e.getMessage().contains("absent.properties"), e.getMessage());
    }

    @Test
    void require_missing_namesSettingAndEnvironmentVariable() {
        ConfigException e =
                assertThrows(ConfigException.class, () -> Settings.of(Map.of()).require("storage.vault.url"));

        assertTrue(e.getMessage().contains("REKEY_STORAGE_VAULT_URL"), e.getMessage());
    }

    @Test
    void getInt_notANumber_namesSettingAndValue() {
        Settings settings = Settings.of(Map.of("vault.http.port", "eighty"));

        ConfigException e = assertThrows(ConfigException.class, () -> settings.getInt("vault.http.port", 0));

        assertTrue(e.getMessage().contains("vault.http.port") && e.getMessage().contains("eighty"));
    }

    @Test
    void getDuration_acceptsUnitsAndIso() {
        Settings settings = Settings.of(Map.of("a", "250ms", "b", "30s", "c", "2h", "d", "7d", "e", "PT1M"));

        assertEquals(Duration.ofMillis(250), settings.getDuration("a", null));
        assertEquals(Duration.ofSeconds(30), settings.getDuration("b", null));
        assertEquals(Duration.ofHours(2), settings.getDuration("c", null));
        assertEquals(Duration.ofDays(7), settings.getDuration("d", null));
        assertEquals(Duration.ofMinutes(1), settings.getDuration("e", null));
    }

    @Test
    void getDuration_garbage_isRefusedWithExamples() {
        ConfigException e = assertThrows(
                ConfigException.class, () -> Settings.of(Map.of("x", "soon")).getDuration("x", Duration.ZERO));

        assertTrue(e.getMessage().contains("30s"), e.getMessage());
    }

    @Test
    void withPrefix_stripsPrefix() {
        Settings settings = Settings.of(Map.of("kafka.bootstrap.servers", "127.0.0.1:9092", "kafkaesque", "no"));

        assertEquals(Map.of("bootstrap.servers", "127.0.0.1:9092"), settings.withPrefix("kafka"));
    }
}
