package io.rekey.launcher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rekey.launcher.client.JsonHttp;
import io.rekey.launcher.local.LocalCallers;
import io.rekey.launcher.local.LocalEndpoints;
import io.rekey.launcher.local.LocalSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code up}, stop, {@code up} again on the same data directory: what was written before is there after. */
class LocalSystemRestartIT {

    @Test
    void blobWrittenBeforeStop_readsBackAfterRestart_withSameKeyAndTokens(@TempDir Path dir) throws Exception {
        byte[] content = new byte[300_000];
        new SecureRandom().nextBytes(content);
        String kidBefore;
        String adminToken;

        try (LocalSystem first = LocalSystem.start(LocalSystem.Options.local(dir, 0, 0, 0))) {
            LocalEndpoints endpoints = first.endpoints();
            adminToken = endpoints.token(LocalCallers.ADMIN);
            JsonHttp vault = new JsonHttp(endpoints.httpClient(), endpoints.vaultUrl(), adminToken);
            JsonHttp storage = new JsonHttp(endpoints.httpClient(), endpoints.storageUrl(), adminToken);
            kidBefore = vault.post("/keys/restart-key/create", Map.of("kty", "RSA", "key_size", 2048))
                    .path("key")
                    .path("kid")
                    .asText();
            storage.post("/accounts", Map.of("name", "restart1", "encryption", customerManaged(vault)));
            storage.put("/accounts/restart1/containers/docs", Map.of());
            storage.putBytes(
                    "/accounts/restart1/containers/docs/blobs/report.bin", content, "application/octet-stream");
            assertTrue(Files.exists(LocalEndpoints.fileIn(dir)), "a running system writes local.json");
            assertTrue(endpoints.vaultUrl().startsWith("https://"), "the local vault serves HTTPS");
        }
        assertFalse(Files.exists(LocalEndpoints.fileIn(dir)), "a stopped system removes local.json");

        try (LocalSystem second = LocalSystem.start(LocalSystem.Options.local(dir, 0, 0, 0))) {
            LocalEndpoints endpoints = second.endpoints();
            assertEquals(adminToken, endpoints.token(LocalCallers.ADMIN), "local callers keep their tokens");
            JsonHttp vault = new JsonHttp(endpoints.httpClient(), endpoints.vaultUrl(), adminToken);
            JsonHttp storage = new JsonHttp(endpoints.httpClient(), endpoints.storageUrl(), adminToken);
            String versionBefore = kidBefore.substring(kidBefore.lastIndexOf('/') + 1);
            String kidAfter =
                    vault.get("/keys/restart-key").path("key").path("kid").asText();
            assertTrue(kidAfter.endsWith("/" + versionBefore), "the key and its version survive: " + kidAfter);
            assertArrayEquals(content, storage.bytes("/accounts/restart1/containers/docs/blobs/report.bin"));
            assertEquals(
                    "active", storage.get("/accounts/restart1").path("state").asText());
            List<String> accounts = storage.get("/accounts").findValuesAsText("name");
            assertTrue(accounts.contains("restart1"), accounts.toString());
        }
    }

    private static Map<String, Object> customerManaged(JsonHttp vault) {
        return Map.of(
                "keySource",
                "Microsoft.Keyvault",
                "keyvaultproperties",
                Map.of("keyvaulturi", vault.baseUrl(), "keyname", "restart-key"));
    }
}
