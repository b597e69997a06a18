package io.rekey.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rekey.events.serde.EventJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark suite at tiny sizes, so that it cannot rot: every figure is produced. No speed is asserted. */
class BenchSmokeIT {
    private static final List<String> FIGURES = List.of(
            "vault wrap over HTTP",
            "vault unwrap over HTTP",
            "warm AEKs",
            "cold AEKs",
            "accounts refuse reads, p50",
            "accounts refuse reads, p99",
            "rotation of ",
            "blob put, 64 KiB",
            "blob get, 64 KiB",
            "blob put, 1 MiB",
            "blob get, 1 MiB",
            "audit: a key use visible in a query",
            "audit: usage records ingested");

    @Test
    void quickBench_producesEveryFigure_andWritesJson(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("results.json");

        int exitCode = RekeyCommand.run(
                "bench", "--quick", "--data", dir.resolve("bench").toString(), "--json", json.toString());

        assertEquals(0, exitCode);
        JsonNode results = EventJson.mapper().readTree(json.toFile()).path("results");
        List<String> names = new ArrayList<>();
        for (JsonNode result : results) {
            names.add(result.path("name").asText());
            assertTrue(Double.isFinite(result.path("value").asDouble()), result.toString());
            assertTrue(result.path("value").asDouble() > 0, result.toString());
        }
        for (String figure : FIGURES) {
            assertTrue(names.stream().anyMatch(name -> name.contains(figure)), figure + " missing from " + names);
        }
        long compared =
                names.stream().filter(name -> !name.startsWith("floor:")).count();
        assertTrue(compared >= 17, "system figures: " + names);
        for (JsonNode result : results) {
            if (result.hasNonNull("goal")) {
                assertTrue(result.hasNonNull("floorValue"), result.toString());
                assertTrue(result.hasNonNull("ratio"), result.toString());
            }
        }
        assertFalse(Files.exists(dir.resolve("bench").resolve("system")), "the run's system data is removed");
    }
}
