package io.rekey.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rekey.events.serde.EventJson;
import io.rekey.launcher.local.LocalSystem;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator CLI against a running system: what it does shows up in the audit trail; refusals read as errors. */
class CliIT {
    @TempDir
    static Path dir;

    private static LocalSystem system;

    @BeforeAll
    static void start() throws Exception {
        system = LocalSystem.start(LocalSystem.Options.local(dir, 0, 0, 0));
    }

    @AfterAll
    static void stop() {
        system.close();
    }

    @Test
    void keyCreatedRotatedAndRevokedThroughCli_showsInAuditHistory() throws Exception {
        String data = dir.toString();
        assertEquals(
                0,
                cli("keys", "create", "cli-key", "--size", "2048", "--data", data)
                        .exitCode());
        assertEquals(0, cli("keys", "rotate", "cli-key", "--data", data).exitCode());
        assertEquals(0, cli("keys", "revoke", "cli-key", "--data", data).exitCode());

        List<String> types = awaitHistory(data, 3);

        assertEquals(List.of("KeyCreated", "KeyRotated", "KeyRevoked"), types);
    }

    @Test
    void unknownKey_isShownAsCodeAndMessage_notAStackTrace() {
        Result result = cli("keys", "show", "no-such-key", "--data", dir.toString());

        assertEquals(2, result.exitCode());
        assertTrue(result.err().startsWith("error: KeyNotFound:"), result.err());
        assertTrue(!result.err().contains("Exception"), result.err());
    }

    @Test
    void accountAndBlobCommands_roundTripAFile(@TempDir Path files) throws Exception {
        String data = dir.toString();
        Path file = files.resolve("hello.txt");
        java.nio.file.Files.writeString(file, "hello from the CLI");
        Path back = files.resolve("back.txt");

        assertEquals(0, cli("accounts", "create", "cliacct", "--data", data).exitCode());
        assertEquals(
                0,
                cli("blobs", "put", "cliacct", "docs", "hello.txt", file.toString(), "--data", data)
                        .exitCode());
        assertEquals(
                0,
                cli("blobs", "get", "cliacct", "docs", "hello.txt", "-o", back.toString(), "--data", data)
                        .exitCode());

        assertEquals("hello from the CLI", java.nio.file.Files.readString(back));
        assertTrue(cli("blobs", "list", "cliacct", "docs", "--data", data).out().contains("hello.txt"));
    }

    private static List<String> awaitHistory(String data, int expected) throws InterruptedException {
        List<String> types = new ArrayList<>();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            Result result = cli("audit", "history", "cli-key", "--data", data);
            types.clear();
            if (result.exitCode() == 0) {
                JsonNode page = parse(result.out());
                page.path("value").forEach(entry -> types.add(entry.path("type").asText()));
                if (types.size() >= expected) {
                    return types;
                }
            }
            Thread.sleep(100);
        }
        return types;
    }

    private static JsonNode parse(String json) {
        try {
            return EventJson.mapper().readTree(json);
        } catch (Exception e) {
            throw new AssertionError("CLI printed non-JSON: " + json, e);
        }
    }

    record Result(int exitCode, String out, String err) {}

    /** Runs the CLI in this JVM and captures what it prints. */
    private static synchronized Result cli(String... args) {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exitCode = RekeyCommand.run(args);
            return new Result(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }
}
