package io.rekey.audit;

import static io.rekey.audit.AuditEvents.used;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rekey.audit.AuditTestSupport.Publisher;
import io.rekey.audit.AuditTestSupport.Response;
import io.rekey.events.EventEnvelope;
import io.rekey.events.ids.KeyName;
import io.rekey.events.ids.KeyVersion;
import io.rekey.events.topics.TopicCatalogue;
import io.rekey.events.usage.KeyOperation;
import io.rekey.events.usage.UsageOutcome;
import io.rekey.testkit.KafkaClusterExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills the audit service with SIGKILL in the middle of a burst of usage records and starts it again on the same
 * state directory: the totals equal the records produced, no more and no less.
 *
 * <p>The service runs in a child JVM started from this test's class path, so the kill is a real one: no shutdown hook,
 * no flush, no commit, the RocksDB files and an open transaction left as they were. Closing an in-process instance
 * without a clean shutdown would still run its threads' finally blocks, which is not what a crash does.
 */
class HardKillIT {
    @RegisterExtension
    static final KafkaClusterExtension KAFKA = KafkaClusterExtension.shared();

    private static final int BURST = 4000;
    private static final String SUFFIX =
            Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000));

    @TempDir
    Path workDir;

    private final List<Process> children = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        children.forEach(Process::destroyForcibly);
    }

    @Test
    void given_aKillMidBurst_when_restarted_then_theTotalsEqualTheRecordsProduced() throws Exception {
        KeyName key = KeyName.of("burst-" + SUFFIX);
        KeyVersion version = KeyVersion.random();
        String applicationId = KAFKA.uniqueGroup("audit-kill");
        int port = freePort();
        Path config = writeConfig(applicationId, port);
        String url = "http://127.0.0.1:" + port;
        AuditEvents events = new AuditEvents(null);
        Instant start = Instant.now();

        Process audit = startChild(config, "first");
        awaitHealthy(url, audit);

        try (Publisher publisher = new Publisher(KAFKA)) {
            RecordMetadata first = publisher.sendAndWait(TopicCatalogue.VAULT_KEY_USAGE, use(events, key, version, 0));
            int sent = 1;
            // Kill once a commit covers the first record (so there is committed state to restore) while records are
            // still arriving.
            while (sent < BURST / 2 || !committedPast(applicationId, first)) {
                if (sent >= BURST) {
                    throw new AssertionError("no commit covered the first record before the burst ended");
                }
                publisher.send(TopicCatalogue.VAULT_KEY_USAGE, use(events, key, version, sent++));
                if (sent % 200 == 0) {
                    publisher.flush();
                }
            }
            long countedBeforeKill = totals(url, key);
            audit.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            assertTrue(countedBeforeKill < BURST, "the kill came before the burst was counted: " + countedBeforeKill);
            while (sent < BURST) {
                publisher.send(TopicCatalogue.VAULT_KEY_USAGE, use(events, key, version, sent++));
            }
            publisher.flush();
        }

        Process restarted = startChild(config, "second");
        String range = "?from=" + start.minus(Duration.ofHours(1)) + "&to="
                + Instant.now().plus(Duration.ofHours(1));
        awaitRestoredAndCounted(url, "/keys/" + key + "/usage" + range, restarted);
        awaitConsumedToTheEnd(applicationId);

        Response minutes = AuditTestSupport.get(url, "/keys/" + key + "/usage" + range, AuditTestSupport.AUDITOR_TOKEN);
        Response hours = AuditTestSupport.get(
                url, "/keys/" + key + "/usage" + range + "&granularity=hour", AuditTestSupport.AUDITOR_TOKEN);
        assertEquals(BURST, minutes.body().get("totals").get("count").asLong(), "per-minute total");
        assertEquals(BURST, hours.body().get("totals").get("count").asLong(), "per-hour total");
        long callers = 0;
        for (var caller : AuditTestSupport.get(url, "/keys/" + key + "/callers" + range, AuditTestSupport.AUDITOR_TOKEN)
                .body()
                .get("value")) {
            callers += caller.get("count").asLong();
        }
        assertEquals(BURST, callers, "per-caller total");
    }

    private Path writeConfig(String applicationId, int port) throws IOException {
        Map<String, String> settings = AuditTestSupport.settings(KAFKA, applicationId, workDir.resolve("state"));
        settings.put("audit.http.port", Integer.toString(port));
        Properties properties = new Properties();
        properties.putAll(settings);
        Path file = workDir.resolve("audit.properties");
        try (Writer writer = Files.newBufferedWriter(file)) {
            properties.store(writer, "audit instance for HardKillIT");
        }
        return file;
    }

    private Process startChild(Path config, String name) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(
                        java,
                        "-Xmx256m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        AuditMain.class.getName(),
                        "--config",
                        config.toString())
                .redirectErrorStream(true)
                .redirectOutput(Path.of("target", "hard-kill-" + name + ".log").toFile());
        builder.environment().keySet().removeIf(variable -> variable.startsWith("REKEY_"));
        Process process = builder.start();
        children.add(process);
        return process;
    }

    private static EventEnvelope use(AuditEvents events, KeyName key, KeyVersion version, int n) {
        return events.usage(
                used(key, version, "caller-" + (n % 3), KeyOperation.UNWRAP, UsageOutcome.SUCCEEDED, Instant.now()));
    }

    /**
     * Asks from the moment the restarted instance listens until it has counted the whole burst. While it restores,
     * every answer must be a 503 with Retry-After, or a 200 that already holds the committed uses: never an empty 200,
     * never a 500.
     */
    private static void awaitRestoredAndCounted(String url, String path, Process process) {
        long deadline = System.nanoTime() + AuditTestSupport.WAIT.toNanos();
        int unavailable = 0;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the restarted audit exited with " + process.exitValue());
            }
            Response response;
            try {
                response = AuditTestSupport.get(url, path, AuditTestSupport.AUDITOR_TOKEN);
            } catch (IllegalStateException notListeningYet) {
                AuditTestSupport.pause(100);
                continue;
            }
            if (response.status() == 503) {
                assertTrue(response.header("Retry-After") != null, "503 without Retry-After");
                unavailable++;
            } else if (response.status() == 200) {
                long counted = response.body().get("totals").get("count").asLong();
                assertTrue(counted > 0, "an empty 200 while the restarted instance restores");
                if (counted >= BURST) {
                    return;
                }
            } else {
                throw new AssertionError("restarted audit answered " + response.status() + ": " + response.body());
            }
            AuditTestSupport.pause(50);
        }
        throw new AssertionError("the restarted audit did not count the burst within " + AuditTestSupport.WAIT + " ("
                + unavailable + " answers were 503)");
    }

    /** Whether the application has committed an offset past {@code record} on its partition. */
    private static boolean committedPast(String applicationId, RecordMetadata record) throws Exception {
        OffsetAndMetadata committed = KAFKA.admin()
                .listConsumerGroupOffsets(applicationId)
                .partitionsToOffsetAndMetadata()
                .get(30, TimeUnit.SECONDS)
                .get(new TopicPartition(record.topic(), record.partition()));
        return committed != null && committed.offset() > record.offset();
    }

    private static void awaitHealthy(String url, Process process) {
        long deadline = System.nanoTime() + AuditTestSupport.WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError(
                        "the audit child process exited with " + process.exitValue() + "; see target/hard-kill-*.log");
            }
            try {
                if (AuditTestSupport.get(url, "/health", null).status() == 200) {
                    return;
                }
            } catch (IllegalStateException notListeningYet) {
                // The child is still starting its HTTP server.
            }
            AuditTestSupport.pause(200);
        }
        throw new AssertionError("the audit child process did not become healthy within " + AuditTestSupport.WAIT);
    }

    private static long totals(String url, KeyName key) {
        Response response = AuditTestSupport.get(
                url,
                "/keys/" + key + "/usage?from=" + Instant.now().minus(Duration.ofHours(1)) + "&to="
                        + Instant.now().plus(Duration.ofMinutes(5)),
                AuditTestSupport.AUDITOR_TOKEN);
        return response.status() == 200
                ? response.body().get("totals").get("count").asLong()
                : 0;
    }

    /** Waits until the application's committed offsets on the usage topic reach its end: nothing is left to count. */
    private static void awaitConsumedToTheEnd(String applicationId) throws Exception {
        long deadline = System.nanoTime() + AuditTestSupport.WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Map<TopicPartition, OffsetAndMetadata> committed = KAFKA.admin()
                    .listConsumerGroupOffsets(applicationId)
                    .partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
            for (int p = 0; p < 3; p++) {
                latest.put(new TopicPartition(TopicCatalogue.VAULT_KEY_USAGE, p), OffsetSpec.latest());
            }
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                    KAFKA.admin().listOffsets(latest).all().get(30, TimeUnit.SECONDS);
            boolean done = ends.entrySet().stream().allMatch(end -> {
                OffsetAndMetadata at = committed.get(end.getKey());
                return end.getValue().offset() == 0
                        || (at != null && at.offset() >= end.getValue().offset());
            });
            if (done) {
                return;
            }
            AuditTestSupport.pause(200);
        }
        throw new AssertionError(
                "the audit did not consume the usage topic to its end within " + AuditTestSupport.WAIT);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
