package io.rekey.vault;

import io.rekey.service.config.ConfigException;
import io.rekey.service.config.Settings;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the vault as its own process: {@code --config FILE} (or env {@code REKEY_CONFIG}) plus environment. */
public final class VaultMain {
    private static final Logger log = LoggerFactory.getLogger(VaultMain.class);

    private VaultMain() {}

    public static void main(String[] args) throws InterruptedException {
        Optional<Path> config = configFile(args);
        VaultService vault;
        try {
            Settings settings = Settings.load(Map.of(), config, System.getenv());
            vault = VaultService.start(settings);
        } catch (ConfigException e) {
            log.error("The vault cannot start: {}", e.getMessage());
            System.exit(2);
            return;
        } catch (RuntimeException e) {
            log.error("The vault cannot start: {}", e.getMessage(), e);
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            log.info("Stopping the vault");
                            vault.close();
                            stopped.countDown();
                        },
                        "vault-shutdown"));
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
