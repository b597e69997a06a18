package io.rekey.launcher.bench;

import io.rekey.launcher.client.JsonHttp;
import io.rekey.launcher.local.LocalCallers;
import io.rekey.launcher.local.LocalEndpoints;
import io.rekey.launcher.local.LocalSystem;
import io.rekey.launcher.local.LocalSystem.Service;
import io.rekey.service.config.Settings;
import io.rekey.service.tls.TrustedCertificates;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The system under measurement: the broker and vault in one {@link LocalSystem}, storage and audit each in another on
 * the same broker and data directory, so that storage alone can be restarted (which empties its AEK cache) and audit
 * stopped once its figures are taken.
 */
final class BenchSystem implements AutoCloseable {
    private final Path dataDir;
    private final LocalSystem core;
    private final HttpClient http;
    private final LocalSystem audit;
    private LocalSystem storage;
    private boolean auditRunning = true;

    private BenchSystem(Path dataDir, LocalSystem core, LocalSystem storage, LocalSystem audit) {
        this.dataDir = dataDir;
        this.core = core;
        this.storage = storage;
        this.audit = audit;
        HttpClient.Builder builder =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10));
        // The local vault serves HTTPS with a self-signed certificate kept in its data directory.
        Path certificate = LocalSystem.vaultCertificate(dataDir);
        if (Files.exists(certificate)) {
            builder.sslContext(TrustedCertificates.sslContext(certificate));
        }
        this.http = builder.build();
    }

    /** Starts on a fresh data directory: whatever an earlier run left there is deleted first. */
    static BenchSystem start(Path dataDir, Optional<String> kafka) throws IOException {
        deleteTree(dataDir);
        LocalSystem core = LocalSystem.start(
                new LocalSystem.Options(dataDir, kafka, 0, EnumSet.of(Service.VAULT), Map.of(), Settings.of(Map.of())));
        LocalSystem storage = null;
        try {
            storage = startStorage(dataDir, core.endpoints());
            LocalSystem audit = LocalSystem.start(new LocalSystem.Options(
                    dataDir,
                    Optional.of(core.endpoints().kafkaBootstrap()),
                    0,
                    EnumSet.of(Service.AUDIT),
                    Map.of(),
                    Settings.of(Map.of())));
            return new BenchSystem(dataDir, core, storage, audit);
        } catch (RuntimeException | IOException e) {
            if (storage != null) {
                storage.close();
            }
            core.close();
            throw e;
        }
    }

    private static LocalSystem startStorage(Path dataDir, LocalEndpoints core) throws IOException {
        return LocalSystem.start(new LocalSystem.Options(
                dataDir,
                Optional.of(core.kafkaBootstrap()),
                0,
                EnumSet.of(Service.STORAGE),
                Map.of(),
                Settings.of(Map.of("storage.vault.url", core.vaultUrl()))));
    }

    /** Stops storage and starts it again on the same data: accounts come back from the log, AEKs are not cached. */
    void restartStorage() throws IOException {
        storage.close();
        storage = startStorage(dataDir, core.endpoints());
    }

    String bootstrap() {
        return core.endpoints().kafkaBootstrap();
    }

    String vaultUrl() {
        return core.endpoints().vaultUrl();
    }

    String storageUrl() {
        return storage.endpoints().storageUrl();
    }

    String auditUrl() {
        return audit.endpoints().auditUrl();
    }

    /** Stops the audit service; the rest keeps running. */
    void stopAudit() {
        if (auditRunning) {
            auditRunning = false;
            audit.close();
        }
    }

    String adminToken() {
        return core.endpoints().token(LocalCallers.ADMIN);
    }

    HttpClient http() {
        return http;
    }

    JsonHttp vault() {
        return new JsonHttp(http, vaultUrl(), adminToken());
    }

    JsonHttp storage() {
        return new JsonHttp(http, storageUrl(), adminToken());
    }

    JsonHttp audit() {
        return new JsonHttp(http, auditUrl(), core.endpoints().token(LocalCallers.AUDITOR));
    }

    @Override
    public void close() {
        try {
            stopAudit();
            storage.close();
        } finally {
            core.close();
        }
    }

    /** Removes the run's data (blob files, broker logs) so a benchmark leaves no gigabytes behind. */
    void deleteData() throws IOException {
        deleteTree(dataDir);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
