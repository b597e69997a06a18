package io.rekey.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * There is no Docker engine here, so the compose file is checked as far as it can be without one: it parses, it has
 * three KRaft brokers with the replication the design asks for, and every service it builds has a build context and a
 * Dockerfile that exist and a command the launcher understands.
 */
class ComposeFileTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final List<String> SERVICES = List.of("vault", "storage", "audit");

    private final JsonNode compose = read();

    private static JsonNode read() {
        try {
            return new ObjectMapper(new YAMLFactory())
                    .readTree(ROOT.resolve("docker-compose.yml").toFile());
        } catch (Exception e) {
            throw new AssertionError("docker-compose.yml does not parse as YAML", e);
        }
    }

    @Test
    void brokers_areThreeKraftNodes_withReplicationThreeAndMinIsrTwo() {
        for (String broker : List.of("kafka1", "kafka2", "kafka3")) {
            JsonNode environment = compose.path("services").path(broker).path("environment");
            assertEquals(
                    "broker,controller", environment.path("KAFKA_PROCESS_ROLES").asText(), broker);
            assertEquals(3, environment.path("KAFKA_DEFAULT_REPLICATION_FACTOR").asInt(), broker);
            assertEquals(2, environment.path("KAFKA_MIN_INSYNC_REPLICAS").asInt(), broker);
            assertEquals(
                    3,
                    environment.path("KAFKA_CONTROLLER_QUORUM_VOTERS").asText().split(",").length,
                    broker);
        }
    }

    @Test
    void services_buildFromThisRepository_andUseTheCluster() {
        for (String service : SERVICES) {
            JsonNode definition = compose.path("services").path(service);
            Path context = ROOT.resolve(definition.path("build").path("context").asText("missing"));
            assertTrue(Files.isDirectory(context), service + " build context " + context + " does not exist");
            assertTrue(
                    Files.isRegularFile(context.resolve(
                            definition.path("build").path("dockerfile").asText())),
                    service + " Dockerfile does not exist");
            JsonNode environment = definition.path("environment");
            assertEquals(
                    "3", environment.path("REKEY_TOPICS_REPLICATION_FACTOR").asText(), service);
            assertEquals(
                    "2", environment.path("REKEY_TOPICS_MIN_INSYNC_REPLICAS").asText(), service);
            assertTrue(
                    environment.path("REKEY_KAFKA_BOOTSTRAP_SERVERS").asText().contains("kafka1:9092"), service);
        }
    }

    @Test
    void serviceCommands_parseWithTheLauncher() {
        for (String service : SERVICES) {
            List<String> command = new ArrayList<>();
            compose.path("services").path(service).path("command").forEach(part -> command.add(part.asText()));

            CommandLine.ParseResult parsed =
                    new CommandLine(new RekeyCommand()).parseArgs(command.toArray(String[]::new));

            assertEquals("up", parsed.subcommand().commandSpec().name(), service);
            assertEquals(List.of(service), parsed.subcommand().matchedOptionValue("--service", List.of()), service);
        }
    }

    @Test
    void publishedPorts_bindToLoopbackOnly() {
        for (String service : SERVICES) {
            compose.path("services")
                    .path(service)
                    .path("ports")
                    .forEach(port -> assertTrue(
                            port.asText().startsWith("127.0.0.1:"), service + " publishes " + port.asText()));
        }
    }
}
