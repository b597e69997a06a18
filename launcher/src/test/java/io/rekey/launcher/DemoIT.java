package io.rekey.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rekey.events.serde.EventJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The main job, end to end: the demo on its own data directory, with every fact of its summary checked. */
class DemoIT {

    @Test
    void demo_onRealFiles_passesEveryCheck_andReportsTheFacts(@TempDir Path dir) throws Exception {
        Path summaryFile = dir.resolve("summary.json");
        Path files = Path.of("..", "events", "src").toAbsolutePath().normalize();

        int exitCode = RekeyCommand.run(
                "demo",
                "--data",
                dir.resolve("data").toString(),
                "--dir",
                files.toString(),
                "--max-files",
                "40",
                "--summary-json",
                summaryFile.toString());

        JsonNode summary = EventJson.mapper().readTree(Files.readString(summaryFile));
        assertEquals(0, exitCode, "the demo exits 0 only when every check held: " + summary.path("checks"));
        assertTrue(summary.path("allChecksPassed").asBoolean());
        assertEquals(40, summary.path("blobs").asInt());
        assertTrue(summary.path("bytes").asLong() > 0);
        assertEquals(3, summary.path("followingAccounts").asInt());
        summary.path("checks")
                .fields()
                .forEachRemaining(check -> assertTrue(check.getValue().asBoolean(), check.getKey()));
        assertTrue(summary.path("rotationMillis").asLong() >= 0);
        assertTrue(summary.path("revocationMillis").asLong() < 60_000);
        assertEquals("KeyAccessRevoked", summary.path("revokedErrorCode").asText());
        assertTrue(summary.path("revokedErrorMessage")
                .asText()
                .contains(summary.path("keyName").asText()));
        List<String> history = EventJson.mapper().convertValue(summary.path("auditHistoryTypes"), List.class);
        assertEquals(List.of("KeyCreated", "KeyRotated", "KeyRevoked", "KeyRestored"), history);
        assertTrue(summary.path("auditCallers").toString().contains("storage"));
        assertEquals(
                3,
                summary.path("auditAccountsPerVersion")
                        .path(summary.path("rotatedVersion").asText())
                        .asInt());
        assertEquals(
                1,
                summary.path("auditAccountsPerVersion")
                        .path(summary.path("firstVersion").asText())
                        .asInt());
    }
}
