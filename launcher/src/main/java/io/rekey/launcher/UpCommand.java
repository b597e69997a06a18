package io.rekey.launcher;

import io.rekey.launcher.local.LocalEndpoints;
import io.rekey.launcher.local.LocalSystem;
import io.rekey.launcher.local.LocalSystem.Service;
import io.rekey.service.config.Settings;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rekey up}: the whole system (or one service of it) in this process, until Ctrl-C. */
@Command(
        name = "up",
        mixinStandardHelpOptions = true,
        description = "Start Kafka (in-process unless --kafka is given) and the services; stop with Ctrl-C.")
public final class UpCommand implements Callable<Integer> {

    @Option(names = "--data", description = "Data directory for everything (default: ${DEFAULT-VALUE}).")
    Path dataDir = Path.of(".rekey");

    @Option(names = "--kafka", description = "Bootstrap servers of an existing Kafka cluster to use instead.")
    Optional<String> kafka = Optional.empty();

    @Option(
            names = "--config",
            description = "Properties file with service settings (kafka.*, vault.*, storage.*, audit.*); the"
                    + " environment (REKEY_*) wins over it.")
    Optional<Path> config = Optional.empty();

    @Option(
            names = "--service",
            split = ",",
            description = "Which services to run: vault, storage, audit (default: all three).")
    List<String> services = List.of("vault", "storage", "audit");

    @Option(names = "--vault-port", description = "Vault HTTP port (default: ${DEFAULT-VALUE}; 0 = any free).")
    int vaultPort = 8200;

    @Option(names = "--storage-port", description = "Storage HTTP port (default: ${DEFAULT-VALUE}).")
    int storagePort = 8300;

    @Option(names = "--audit-port", description = "Audit HTTP port (default: ${DEFAULT-VALUE}).")
    int auditPort = 8400;

    @Option(names = "--kafka-port", description = "Port of the in-process broker (default: kept from last start).")
    int kafkaPort = 0;

    @Override
    public Integer call() throws Exception {
        LocalSystem.Options options = new LocalSystem.Options(
                dataDir, kafka, kafkaPort, selected(), ports(), Settings.load(Map.of(), config, System.getenv()));
        CountDownLatch stopRequested = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> awaitStop(stopRequested, stopped), "rekey-shutdown"));
        try (LocalSystem system = LocalSystem.start(options)) {
            printBanner(System.out, system);
            stopRequested.await();
            System.out.println("Stopping Rekey...");
        } finally {
            stopped.countDown();
        }
        return 0;
    }

    /** Runs in the shutdown hook: lets the main thread close everything in order, and waits for it to finish. */
    private static void awaitStop(CountDownLatch stopRequested, CountDownLatch stopped) {
        stopRequested.countDown();
        try {
            stopped.await(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Set<Service> selected() {
        Set<Service> selected = EnumSet.noneOf(Service.class);
        for (String name : services) {
            try {
                selected.add(Service.valueOf(name.trim().toUpperCase(java.util.Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--service takes vault, storage or audit, not '" + name + "'");
            }
        }
        return selected;
    }

    private Map<Service, Integer> ports() {
        Map<Service, Integer> ports = new EnumMap<>(Service.class);
        ports.put(Service.VAULT, vaultPort);
        ports.put(Service.STORAGE, storagePort);
        ports.put(Service.AUDIT, auditPort);
        return ports;
    }

    static void printBanner(PrintStream out, LocalSystem system) {
        LocalEndpoints endpoints = system.endpoints();
        out.println();
        out.println("Rekey is up.");
        out.println("  kafka    " + endpoints.kafkaBootstrap());
        printIfRunning(out, "vault", endpoints.vaultUrl());
        printIfRunning(out, "storage", endpoints.storageUrl());
        printIfRunning(out, "audit", endpoints.auditUrl());
        out.println("  data     " + system.dataDir());
        out.println("Local callers (bearer tokens; also in " + LocalEndpoints.fileIn(system.dataDir()) + "):");
        endpoints.tokens().forEach((caller, token) -> out.println("  " + pad(caller) + token));
        out.println("Try:  ./rekey keys create demo-key   |   ./rekey demo   |   Ctrl-C to stop");
        out.flush();
    }

    private static void printIfRunning(PrintStream out, String name, String url) {
        if (url != null) {
            out.println("  " + pad(name) + url);
        }
    }

    private static String pad(String name) {
        return String.format("%-9s", name);
    }
}
