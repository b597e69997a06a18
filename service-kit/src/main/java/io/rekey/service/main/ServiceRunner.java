package io.rekey.service.main;

import io.rekey.service.config.ConfigException;
import io.rekey.service.config.Settings;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one service as its own process: settings from {@code --config FILE} (or {@code REKEY_CONFIG}) and the
 * environment, a clear exit on bad configuration (2) or a failed start (1), and a clean stop on SIGTERM or Ctrl-C.
 */
public final class ServiceRunner {
    private static final Logger log = LoggerFactory.getLogger(ServiceRunner.class);

    private ServiceRunner() {}

    public static void run(String serviceName, String[] args, Function<Settings, AutoCloseable> start)
            throws InterruptedException {
        AutoCloseable service;
        try {
            service = start.apply(Settings.load(Map.of(), configFile(args), System.getenv()));
        } catch (ConfigException e) {
            log.error("{} cannot start: {}", serviceName, e.getMessage());
            System.exit(2);
            return;
        } catch (RuntimeException e) {
            log.error("{} cannot start: {}", serviceName, e.getMessage(), e);
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(serviceName, service, stopped), "shutdown"));
        stopped.await();
    }

    private static void stop(String serviceName, AutoCloseable service, CountDownLatch stopped) {
        log.info("Stopping {}", serviceName);
        try {
            service.close();
        } catch (Exception e) {
            log.warn("{} did not stop cleanly: {}", serviceName, e.getMessage());
        } finally {
            stopped.countDown();
        }
    }

    /** {@code --config FILE}, {@code --config=FILE}, else {@code REKEY_CONFIG}, else none. */
    public static Optional<Path> configFile(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config")) {
                if (i + 1 >= args.length) {
                    throw new ConfigException("--config needs a file name");
                }
                return Optional.of(Path.of(args[i + 1]));
            }
            if (args[i].startsWith("--config=")) {
                return Optional.of(Path.of(args[i].substring("--config=".length())));
            }
        }
        return Optional.ofNullable(System.getenv("REKEY_CONFIG"))
                .filter(value -> !value.isBlank())
                .map(Path::of);
    }
}
