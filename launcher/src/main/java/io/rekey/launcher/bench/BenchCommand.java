package io.rekey.launcher.bench;

import io.rekey.events.serde.EventJson;
import io.rekey.service.kafka.KafkaClients;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rekey bench}: measures the floors (raw crypto, raw files, raw Kafka) and the system figures in one run on the
 * same machine, and prints each system figure beside its floor and their ratio.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Measure Rekey against floors measured in the same run; prints a table and writes JSON.")
public final class BenchCommand implements Callable<Integer> {

    @Option(names = "--quick", description = "A short smoke run: every figure, small sizes, short durations.")
    boolean quick;

    @Option(names = "--data", description = "Scratch data directory (default: ${DEFAULT-VALUE}).")
    Path dataDir = Path.of(".rekey", "bench");

    @Option(names = "--json", description = "Write the results as JSON here (default: ${DEFAULT-VALUE}).")
    Path json = Path.of(".rekey", "bench", "results.json");

    @Option(names = "--kafka", description = "Measure against this Kafka instead of an in-process broker.")
    Optional<String> kafka = Optional.empty();

    @Override
    public Integer call() throws Exception {
        BenchPlan plan = quick ? BenchPlan.quick() : BenchPlan.full();
        Files.createDirectories(dataDir);
        long started = System.nanoTime();
        List<Measurement> results = new ArrayList<>(Floors.measure(plan, dataDir, System.out));
        System.out.println(
                "Starting Kafka and the three services in this process (data under " + dataDir.resolve("system") + ")");
        BenchSystem system = BenchSystem.start(dataDir.resolve("system"), kafka);
        try {
            results.addAll(Floors.kafka(plan, KafkaClients.forBootstrap(system.bootstrap()), System.out));
            results.addAll(new SystemFigures(system, plan, List.copyOf(results), System.out).measure());
        } finally {
            system.close();
            system.deleteData();
        }
        double minutes = (System.nanoTime() - started) / 60e9;
        print(results);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("command", "./rekey bench" + (quick ? " --quick" : ""));
        report.put("machine", machine());
        report.put("minutes", Math.round(minutes * 100) / 100.0);
        report.put("results", results);
        Files.createDirectories(json.toAbsolutePath().getParent());
        Files.writeString(
                json, EventJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(report));
        System.out.printf(Locale.ROOT, "%nMachine: %s%n", machine());
        System.out.printf(Locale.ROOT, "Ran in %.1f minutes; results written to %s%n", minutes, json.toAbsolutePath());
        return 0;
    }

    static void print(List<Measurement> results) {
        System.out.println();
        String format = "%-62s %16s %16s %6s %6s %4s%n";
        System.out.printf(Locale.ROOT, format, "figure", "value", "floor", "ratio", "goal", "met");
        for (Measurement m : results) {
            String floor = m.floorValue() == null ? "" : Measurement.format(m.floorValue()) + " " + m.unit();
            String ratio = m.ratio() == null ? "" : String.format(Locale.ROOT, "%.2f", m.ratio());
            String goal = m.goal() == null ? "" : String.format(Locale.ROOT, "%.2f", m.goal());
            String met = m.meetsGoal() == null ? "" : m.meetsGoal() ? "yes" : "NO";
            System.out.printf(Locale.ROOT, format, m.name(), m.formattedValue(), floor, ratio, goal, met);
        }
    }

    /** Cores, CPU model and Java version: what the numbers were measured on. */
    static String machine() {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim())
                    .findFirst()
                    .orElse(cpu);
        } catch (java.io.IOException | RuntimeException e) {
            // Not Linux: the model stays unknown.
        }
        return Runtime.getRuntime().availableProcessors() + " cores, " + cpu + ", Java "
                + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")";
    }

    /** How long and how big each measurement is. */
    record BenchPlan(
            Duration rsaDuration,
            Duration aesWarmUp,
            Duration aesDuration,
            long fileBytes,
            int kafkaRecords,
            int httpThreads,
            Duration httpWarmUp,
            Duration httpDuration,
            int fewAccounts,
            int manyAccounts,
            int volumeAccounts,
            long smallVolumeBytes,
            long largeVolumeBytes,
            Duration blobWarmUp,
            Duration blobDuration,
            long largeBlobBytes,
            int auditSamples,
            int ingestRecords) {

        static BenchPlan quick() {
            return new BenchPlan(
                    Duration.ofMillis(300),
                    Duration.ofMillis(300),
                    Duration.ofMillis(300),
                    8L << 20,
                    50,
                    4,
                    Duration.ofMillis(200),
                    Duration.ofMillis(300),
                    10,
                    30,
                    5,
                    1L << 20,
                    8L << 20,
                    Duration.ofMillis(100),
                    Duration.ofMillis(200),
                    1L << 20,
                    3,
                    2000);
        }

        static BenchPlan full() {
            return new BenchPlan(
                    Duration.ofSeconds(3),
                    Duration.ofSeconds(8),
                    Duration.ofSeconds(3),
                    256L << 20,
                    2000,
                    16,
                    Duration.ofSeconds(3),
                    Duration.ofSeconds(5),
                    1000,
                    10_000,
                    200,
                    10L << 20,
                    1L << 30,
                    Duration.ofSeconds(4),
                    Duration.ofSeconds(4),
                    16L << 20,
                    50,
                    200_000);
        }
    }
}
