package io.rekey.audit;

import io.rekey.service.config.ConfigException;
import io.rekey.service.config.Settings;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the audit service as its own process: {@code --config FILE} (or environment {@code REKEY_CONFIG}) names a
 * properties file, and {@code REKEY_*} environment variables override it. Stops cleanly on SIGTERM or Ctrl-C.
 */
public final class AuditMain {
    private static final Logger log = LoggerFactory.getLogger(AuditMain.class);

    private AuditMain() {}

    public static void main(String[] args) {
        try {
            Settings settings = Settings.load(Map.of(), configFile(args), System.getenv());
            AuditService service = AuditService.start(settings);
            log.info("Audit service is answering queries at {}", service.baseUrl());
            Runtime.getRuntime().addShutdownHook(new Thread(service::close, "audit-shutdown"));
        } catch (ConfigException e) {
            log.error("Audit service cannot start: {}", e.getMessage());
            System.exit(2);
        } catch (RuntimeException e) {
            log.error("Audit service failed to start", e);
            System.exit(1);
        }
    }

    static Optional<Path> configFile(String[] args) {
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
                .filter(v -> !v.isBlank())
                .map(Path::of);
    }
}
