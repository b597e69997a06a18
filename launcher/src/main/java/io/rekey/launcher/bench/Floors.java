package io.rekey.launcher.bench;

import io.rekey.launcher.bench.BenchCommand.BenchPlan;
import io.rekey.service.kafka.KafkaClients;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The floors, each measured with nothing of Rekey around it. */
final class Floors {
    static final int SEGMENT_BYTES = 64 * 1024;

    private Floors() {}

    static List<Measurement> measure(BenchPlan plan, Path dataDir, PrintStream progress) throws Exception {
        List<Measurement> floors = new ArrayList<>();
        int threads = Runtime.getRuntime().availableProcessors();
        for (int bits : new int[] {2048, 3072, 4096}) {
            progress.println("floor: RSA-" + bits + " OAEP-256 on " + threads + " threads");
            floors.add(Measurement.floor(
                    "floor: RSA-" + bits + " unwrap (private key), all cores",
                    CryptoFloors.rsaOpsPerSecond(bits, true, threads, plan.rsaDuration()),
                    "ops/s",
                    true));
            floors.add(Measurement.floor(
                    "floor: RSA-" + bits + " wrap (public key), all cores",
                    CryptoFloors.rsaOpsPerSecond(bits, false, threads, plan.rsaDuration()),
                    "ops/s",
                    true));
        }
        progress.println("floor: AES-256-GCM (warming up the JIT first)");
        floors.add(Measurement.floor(
                "floor: AES-256-GCM encrypt, 64 KiB segments, 1 core",
                CryptoFloors.aesGcmMegabytesPerSecond(true, SEGMENT_BYTES, plan.aesWarmUp(), plan.aesDuration()),
                "MB/s",
                true));
        floors.add(Measurement.floor(
                "floor: AES-256-GCM decrypt, 64 KiB segments, 1 core",
                CryptoFloors.aesGcmMegabytesPerSecond(false, SEGMENT_BYTES, plan.aesWarmUp(), plan.aesDuration()),
                "MB/s",
                true));
        progress.println("floor: sequential file write and read in " + dataDir);
        floors.add(Measurement.floor(
                "floor: file write + fsync, sequential",
                FileFloors.writeMegabytesPerSecond(dataDir, plan.fileBytes(), SEGMENT_BYTES),
                "MB/s",
                true));
        floors.add(Measurement.floor(
                "floor: file read, sequential",
                FileFloors.readMegabytesPerSecond(dataDir, plan.fileBytes(), SEGMENT_BYTES),
                "MB/s",
                true));
        return floors;
    }

    static List<Measurement> kafka(BenchPlan plan, KafkaClients clients, PrintStream progress) throws Exception {
        progress.println("floor: Kafka produce -> consume latency, " + plan.kafkaRecords() + " records");
        Latencies latencies = KafkaFloor.produceToConsume(clients, plan.kafkaRecords());
        return List.of(
                Measurement.floor("floor: Kafka produce->consume p50", latencies.percentileMillis(50), "ms", false),
                Measurement.floor("floor: Kafka produce->consume p99", latencies.percentileMillis(99), "ms", false));
    }
}
