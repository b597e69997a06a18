package io.rekey.storage;

import io.rekey.service.config.ConfigException;
import io.rekey.service.config.Settings;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs storage-service as its own process: {@code --config FILE} (or environment {@code REKEY_CONFIG}) plus
 * {@code REKEY_*} environment variables. Stops cleanly on SIGTERM or Ctrl-C.
 */
public final class StorageMain {
    private static final Logger log = LoggerFactory.getLogger(StorageMain.class);

    private StorageMain() {}

    public static void main(String[] args) throws InterruptedException {
        Optional<Path> config = configFile(args);
        StorageService service;
        try {
            service = StorageService.start(Settings.load(Map.of(), config, System.getenv()));
        } catch (ConfigException e) {
            log.error("storage-service configuration is not valid: {}", e.getMessage());
            System.exit(2);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            log.info("Stopping storage-service");
                            service.close();
                            stopped.countDown();
                        },
                        "storage-shutdown"));
        log.info(
                "storage-service is serving on {} with data in {}",
                service.baseUrl(),
                service.dataDir().toAbsolutePath());
        stopped.await();
    }

    static Optional<Path> configFile(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                return Optional.of(Path.of(args[i + 1]));
            }
            if (args[i].startsWith("--config=")) {
                return Optional.of(Path.of(args[i].substring("--config=".length())));
            }
        }
        return Optional.ofNullable(System.getenv("REKEY_CONFIG"))
                .filter(s -> !s.isBlank())
                .map(Path::of);
    }
}
