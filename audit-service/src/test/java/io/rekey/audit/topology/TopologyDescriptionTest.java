package io.rekey.audit.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pins the topology's shape. Renaming a store, a repartition topic or a processor changes the changelog and
 * repartition topics on the cluster, which loses state on upgrade; this test makes such a change visible in review.
 * After a deliberate change, copy {@code target/audit-topology.actual.txt} over {@code src/test/resources/
 * audit-topology.txt}.
 */
class TopologyDescriptionTest {
    @TempDir
    Path stateDir;

    @Test
    void topology_matchesTheCheckedInDescription() throws IOException {
        String actual = AuditTopology.build(
                        TopologyFixture.config(stateDir),
                        TopologyFixture.options(Optional.empty(), new DeadLetterCounts()))
                .describe()
                .toString();
        Files.writeString(Path.of("target", "audit-topology.actual.txt"), actual);

        assertEquals(expected(), actual, "the topology changed; see this class's comment");
    }

    private static String expected() throws IOException {
        try (InputStream in = TopologyDescriptionTest.class.getResourceAsStream("/audit-topology.txt")) {
            return in == null ? "(missing audit-topology.txt)" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
