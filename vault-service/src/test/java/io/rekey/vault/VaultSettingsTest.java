package io.rekey.vault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rekey.events.ids.CallerId;
import io.rekey.service.config.ConfigException;
import io.rekey.service.config.Settings;
import io.rekey.vault.http.Permission;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VaultSettingsTest {
    @TempDir
    Path dir;

    /** Settings with the data directory (where a self-signed certificate would be kept) in a temporary folder. */
    private Settings inTempDir(Map<String, String> values) {
        Map<String, String> all = new HashMap<>(values);
        all.put("vault.data.dir", dir.toString());
        return Settings.of(all);
    }

    @Test
    void tls_notConfigured_servesHttpsWithAKeptSelfSignedCertificate() {
        VaultSettings settings = VaultSettings.from(inTempDir(Map.of()));

        assertEquals("https", settings.http().scheme());
        assertTrue(Files.exists(dir.resolve("tls").resolve("certificate.pem")));
    }

    @Test
    void plaintext_askedFor_servesPlainHttp() {
        VaultSettings settings = VaultSettings.from(inTempDir(Map.of("vault.http.plaintext", "true")));

        assertEquals("http", settings.http().scheme());
    }

    @Test
    void callers_withPermissions_areParsed_andDefaultToGetList() {
        VaultSettings settings = VaultSettings.from(inTempDir(Map.of(
                "vault.callers.storage.token", "t1",
                "vault.callers.storage.permissions", "wrap, unwrap,get",
                "vault.callers.ops.token", "t2",
                "vault.callers.ops.permissions", "all",
                "vault.callers.viewer.token", "t3")));
        assertEquals(
                EnumSet.of(Permission.WRAP, Permission.UNWRAP, Permission.GET),
                settings.callers().get(CallerId.of("storage")).permissions());
        assertEquals(
                EnumSet.allOf(Permission.class),
                settings.callers().get(CallerId.of("ops")).permissions());
        assertEquals(
                Set.of(Permission.GET, Permission.LIST),
                settings.callers().get(CallerId.of("viewer")).permissions());
        assertTrue(settings.callers().get(CallerId.of("storage")).token().matches("t1"));
    }

    @Test
    void caller_withUnknownPermission_isRefusedNamingTheSetting() {
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> VaultSettings.from(
                        inTempDir(Map.of("vault.callers.x.token", "t", "vault.callers.x.permissions", "wrap,fly"))));
        assertTrue(e.getMessage().contains("vault.callers.x.permissions"), e.getMessage());
    }

    @Test
    void caller_withoutToken_isRefused() {
        assertThrows(
                ConfigException.class,
                () -> VaultSettings.from(inTempDir(Map.of("vault.callers.x.permissions", "all"))));
    }

    @Test
    void defaults_areLocalAndSafe() {
        VaultSettings settings = VaultSettings.from(inTempDir(Map.of()));
        assertEquals("127.0.0.1", settings.http().host());
        assertEquals(0, settings.http().port());
        assertEquals("rekey-vault", settings.transactionalId());
        assertEquals(Duration.ofDays(7), settings.deletedRetention());
        assertTrue(settings.createRootKey());
        assertTrue(settings.callers().isEmpty());
    }

    @Test
    void toString_neverShowsTokens() {
        VaultSettings settings = VaultSettings.from(inTempDir(Map.of("vault.callers.a.token", "sekrit-token")));
        assertTrue(!settings.toString().contains("sekrit-token"));
    }
}
