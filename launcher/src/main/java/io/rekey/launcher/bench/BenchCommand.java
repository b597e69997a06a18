package io.rekey.launcher.bench;

import io.rekey.events.serde.EventJson;
import io.rekey.launcher.EmbeddedKafkaBroker;
import io.rekey.service.kafka.KafkaClients;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
        List<Measurement> results = new ArrayList<>();
        results.addAll(Floors.measure(plan, dataDir, System.out));
        try (EmbeddedKafkaBroker broker =
                kafka.isPresent() ? null : EmbeddedKafkaBroker.start(dataDir.resolve("kafka"))) {
            String bootstrap = kafka.orElseGet(broker::bootstrapServers);
            results.addAll(Floors.kafka(plan, KafkaClients.forBootstrap(bootstrap), System.out));
        }
        print(results);
        Files.createDirectories(json.toAbsolutePath().getParent());
        Files.writeString(
                json, EventJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(results));
        System.out.println("Results written to " + json.toAbsolutePath());
        return 0;
    }

    static void print(List<Measurement> results) {
        System.out.println();
        System.out.printf(Locale.ROOT, "%-58s %18s %18s %7s %6s%n", "figure", "value", "floor", "ratio", "goal");
        for (Measurement m : results) {
            String floor = m.floorValue() == null ? "" : Measurement.format(m.floorValue()) + " " + m.unit();
            String ratio = m.ratio() == null ? "" : String.format(Locale.ROOT, "%.2f", m.ratio());
            String goal = m.goal() == null ? "" : String.format(Locale.ROOT, "%.2f", m.goal());
            System.out.printf(
                    Locale.ROOT, "%-58s %18s %18s %7s %6s%n", m.name(), m.formattedValue(), floor, ratio, goal);
        }
    }

    /** How long and how big each measurement is. */
    record BenchPlan(Duration rsaDuration, Duration aesWarmUp, Duration aesDuration, long fileBytes, int kafkaRecords) {
        static BenchPlan quick() {
            return new BenchPlan(Duration.ofMillis(300), Duration.ofMillis(300), Duration.ofMillis(300), 8L << 20, 50);
        }

        static BenchPlan full() {
            return new BenchPlan(Duration.ofSeconds(3), Duration.ofSeconds(8), Duration.ofSeconds(3), 256L << 20, 2000);
        }
    }
}
