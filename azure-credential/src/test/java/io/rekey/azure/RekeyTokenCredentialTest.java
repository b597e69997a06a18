package io.rekey.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenRequestContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RekeyTokenCredentialTest {
    private static final TokenRequestContext REQUEST =
            new TokenRequestContext().addScopes("https://127.0.0.1:8443/.default");

    @Test
    void of_fixedToken_isHandedOutWithAnHourOfLifetime() {
        AccessToken token = RekeyTokenCredential.of("app-token-1").getTokenSync(REQUEST);

        assertEquals("app-token-1", token.getToken());
        assertTrue(token.getExpiresAt().isAfter(OffsetDateTime.now().plusMinutes(55)));
        assertEquals(
                "app-token-1",
                RekeyTokenCredential.of("app-token-1").getToken(REQUEST).block().getToken());
    }

    @Test
    void fromFile_tokenReplaced_nextRequestGetsTheNewOne(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("token");
        Files.writeString(file, "first-token\n");
        RekeyTokenCredential credential = RekeyTokenCredential.fromFile(file);
        assertEquals("first-token", credential.getTokenSync(REQUEST).getToken());

        Files.writeString(file, "second-token\n");

        assertEquals("second-token", credential.getTokenSync(REQUEST).getToken());
    }

    @Test
    void blankToken_isRefusedNamingWhereItCameFrom(@TempDir Path dir) throws Exception {
        assertThrows(IllegalStateException.class, () -> RekeyTokenCredential.of(" "));
        Path empty = Files.writeString(dir.resolve("empty"), "");
        IllegalStateException refused = assertThrows(
                IllegalStateException.class,
                () -> RekeyTokenCredential.fromFile(empty).getTokenSync(REQUEST));
        assertTrue(refused.getMessage().contains(empty.toString()));
    }

    @Test
    void toString_neverShowsTheToken() {
        assertFalse(RekeyTokenCredential.of("sekrit-token").toString().contains("sekrit"));
    }
}
