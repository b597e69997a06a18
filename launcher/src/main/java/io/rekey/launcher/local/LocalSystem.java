package io.rekey.launcher.local;

import io.rekey.audit.AuditService;
import io.rekey.launcher.EmbeddedKafkaBroker;
import io.rekey.service.config.Settings;
import io.rekey.storage.StorageService;
import io.rekey.vault.VaultService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rekey on one machine: a Kafka broker in this JVM (or a cluster the user names) and the services, each on its own
 * port on 127.0.0.1, with every piece of state under one data directory. Starting it again on the same directory
 * resumes where it stopped: the broker keeps its logs, the vault its root key, storage its blob files, audit its
 * Streams state, and the local callers their tokens.
 */
public final class LocalSystem implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LocalSystem.class);

    /** The services a launcher can run. */
    public enum Service {
        VAULT,
        STORAGE,
        AUDIT
    }

    /**
     * How to start.
     *
     * @param kafkaBootstrap an existing cluster to use instead of the in-process broker
     * @param overrides settings that win over the launcher's local defaults (from a file and the environment)
     * @param ports the HTTP port per service (0 picks a free one)
     */
    public record Options(
            Path dataDir,
            Optional<String> kafkaBootstrap,
            int kafkaPort,
            Set<Service> services,
            Map<Service, Integer> ports,
            Settings overrides) {

        public static Options local(Path dataDir, int vaultPort, int storagePort, int auditPort) {
            return new Options(
                    dataDir,
                    Optional.empty(),
                    0,
                    EnumSet.allOf(Service.class),
                    Map.of(Service.VAULT, vaultPort, Service.STORAGE, storagePort, Service.AUDIT, auditPort),
                    Settings.of(Map.of()));
        }

        int port(Service service) {
            return ports.getOrDefault(service, 0);
        }

        /** Where a port was left to chance (0), takes the one the last start on this data directory used. */
        Options keepingPortsOf(Map<Service, Integer> previous) {
            Map<Service, Integer> kept = new java.util.EnumMap<>(Service.class);
            for (Service service : Service.values()) {
                int requested = port(service);
                kept.put(service, requested != 0 ? requested : previous.getOrDefault(service, 0));
            }
            return new Options(dataDir, kafkaBootstrap, kafkaPort, services, kept, overrides);
        }
    }

    private final Path dataDir;
    private final Deque<AutoCloseable> running;
    private final LocalEndpoints endpoints;

    private LocalSystem(Path dataDir, Deque<AutoCloseable> running, LocalEndpoints endpoints) {
        this.dataDir = dataDir;
        this.running = running;
        this.endpoints = endpoints;
    }

    public static LocalSystem start(Options options) throws IOException {
        Path dataDir = options.dataDir().toAbsolutePath().normalize();
        Files.createDirectories(dataDir);
        LocalCallers callers = LocalCallers.loadOrCreate(dataDir);
        // Accounts record their vault's URL, so the services keep their ports across restarts like the broker does.
        options = options.keepingPortsOf(LocalPorts.read(dataDir));
        Deque<AutoCloseable> running = new ArrayDeque<>();
        try {
            String bootstrap = startKafka(options, dataDir, running);
            Map<String, String> common = commonSettings(bootstrap);
            String vaultUrl = null;
            String storageUrl = null;
            String auditUrl = null;
            if (options.services().contains(Service.VAULT)) {
                VaultService vault =
                        VaultService.start(settings(options, vaultDefaults(options, dataDir, callers, common)));
                running.push(vault);
                vaultUrl = vault.baseUrl();
                exportPublicParts(options, dataDir);
            }
            if (options.services().contains(Service.STORAGE)) {
                StorageService storage = StorageService.start(
                        settings(options, storageDefaults(options, dataDir, callers, common, vaultUrl)));
                running.push(storage);
                storageUrl = storage.baseUrl();
            }
            if (options.services().contains(Service.AUDIT)) {
                AuditService audit =
                        AuditService.start(settings(options, auditDefaults(options, dataDir, callers, common)));
                running.push(audit);
                auditUrl = audit.baseUrl();
            }
            Path certificate = vaultCertificate(dataDir);
            LocalEndpoints endpoints = new LocalEndpoints(
                    bootstrap,
                    vaultUrl,
                    storageUrl,
                    auditUrl,
                    Files.exists(certificate) ? certificate.toString() : null,
                    tokens(callers),
                    ProcessHandle.current().pid());
            endpoints.writeTo(dataDir);
            LocalPorts.write(dataDir, endpoints);
            return new LocalSystem(dataDir, running, endpoints);
        } catch (RuntimeException | IOException e) {
            closeAll(running);
            throw e;
        }
    }

    public LocalEndpoints endpoints() {
        return endpoints;
    }

    public Path dataDir() {
        return dataDir;
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(LocalEndpoints.fileIn(dataDir));
        } catch (IOException e) {
            log.warn("Could not remove {}: {}", LocalEndpoints.fileIn(dataDir), e.getMessage());
        }
        closeAll(running);
        log.info("Rekey stopped; its data stays in {}", dataDir);
    }

    private static String startKafka(Options options, Path dataDir, Deque<AutoCloseable> running) {
        if (options.kafkaBootstrap().isPresent()) {
            log.info("Using the Kafka cluster at {}", options.kafkaBootstrap().get());
            return options.kafkaBootstrap().get();
        }
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir.resolve("kafka"), options.kafkaPort());
        running.push(broker);
        return broker.bootstrapServers();
    }

    private static Map<String, String> commonSettings(String bootstrap) {
        Map<String, String> common = new HashMap<>();
        common.put("kafka.bootstrap.servers", bootstrap);
        return common;
    }

    private static Map<String, String> vaultDefaults(
            Options options, Path dataDir, LocalCallers callers, Map<String, String> common) {
        Map<String, String> settings = new LinkedHashMap<>(common);
        settings.put("vault.http.port", Integer.toString(options.port(Service.VAULT)));
        settings.put("vault.data.dir", dataDir.resolve("vault").toString());
        settings.put("vault.root.key.create", "true");
        settings.put("vault.tls.self.signed", "true");
        settings.put(
                "vault.callers.admin.token", callers.token(LocalCallers.ADMIN).reveal());
        settings.put("vault.callers.admin.permissions", "all");
        settings.put(
                "vault.callers.storage.token",
                callers.token(LocalCallers.STORAGE).reveal());
        settings.put("vault.callers.storage.permissions", "get,wrap,unwrap");
        settings.put(
                "vault.callers.auditor.token",
                callers.token(LocalCallers.AUDITOR).reveal());
        settings.put("vault.callers.auditor.permissions", "get,list");
        return settings;
    }

    private static Map<String, String> storageDefaults(
            Options options, Path dataDir, LocalCallers callers, Map<String, String> common, String vaultUrl) {
        Map<String, String> settings = new LinkedHashMap<>(common);
        settings.put("storage.http.port", Integer.toString(options.port(Service.STORAGE)));
        settings.put("storage.data.dir", dataDir.resolve("storage").toString());
        if (vaultUrl != null) {
            settings.put("storage.vault.url", vaultUrl);
        }
        settings.put("storage.vault.token", callers.token(LocalCallers.STORAGE).reveal());
        Path vaultCertificate = vaultCertificate(dataDir);
        if (Files.exists(vaultCertificate)) {
            settings.put("storage.vault.trust.certificate", vaultCertificate.toString());
        }
        settings.put("storage.caller.id", LocalCallers.STORAGE);
        settings.put(
                "storage.callers.admin.token", callers.token(LocalCallers.ADMIN).reveal());
        putSigningKey(settings, dataDir);
        return settings;
    }

    private static Map<String, String> auditDefaults(
            Options options, Path dataDir, LocalCallers callers, Map<String, String> common) {
        Map<String, String> settings = new LinkedHashMap<>(common);
        settings.put("audit.http.port", Integer.toString(options.port(Service.AUDIT)));
        settings.put("audit.data.dir", dataDir.resolve("audit").toString());
        settings.put(
                "audit.callers.admin.token", callers.token(LocalCallers.ADMIN).reveal());
        settings.put("audit.callers.admin.permissions", "audit");
        settings.put(
                "audit.callers.auditor.token",
                callers.token(LocalCallers.AUDITOR).reveal());
        settings.put("audit.callers.auditor.permissions", "audit");
        putSigningKey(settings, dataDir);
        return settings;
    }

    /** The local vault's self-signed TLS certificate, made on its first start and kept with its data. */
    public static Path vaultCertificate(Path dataDir) {
        return dataDir.resolve("vault").resolve("tls").resolve("certificate.pem");
    }

    /** The vault writes its event signing public key into its data directory; consumers trust that key. */
    private static void putSigningKey(Map<String, String> settings, Path dataDir) {
        Path publicKey = dataDir.resolve("vault").resolve(VaultService.SIGNING_PUBLIC_FILE);
        if (Files.exists(publicKey)) {
            settings.put("events.signing.public.key.file", publicKey.toString());
        }
    }

    /**
     * Copies what consumers in other processes or containers need of the vault, and only that: its event-signing public
     * key and its TLS certificate. They never get the vault's data directory, which holds the root key.
     */
    private static void exportPublicParts(Options options, Path dataDir) throws IOException {
        export(
                options,
                "launcher.signing.public.key.export",
                dataDir.resolve("vault").resolve(VaultService.SIGNING_PUBLIC_FILE));
        export(options, "launcher.vault.certificate.export", vaultCertificate(dataDir));
    }

    private static void export(Options options, String setting, Path source) throws IOException {
        Optional<String> target = options.overrides().find(setting);
        if (target.isEmpty() || !Files.exists(source)) {
            return;
        }
        Path destination = Path.of(target.get());
        Files.createDirectories(destination.toAbsolutePath().getParent());
        Files.copy(source, destination, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        log.info("Exported {} to {}", source.getFileName(), destination);
    }

    /** Launcher defaults first; a configuration file and the environment win over them. */
    private static Settings settings(Options options, Map<String, String> defaults) {
        Map<String, String> merged = new HashMap<>(defaults);
        merged.putAll(options.overrides().asMap());
        return Settings.of(merged);
    }

    private static Map<String, String> tokens(LocalCallers callers) {
        Map<String, String> tokens = new LinkedHashMap<>();
        for (String caller : new String[] {LocalCallers.ADMIN, LocalCallers.AUDITOR}) {
            tokens.put(caller, callers.token(caller).reveal());
        }
        return tokens;
    }

    private static void closeAll(Deque<AutoCloseable> running) {
        while (!running.isEmpty()) {
            AutoCloseable next = running.pop();
            try {
                next.close();
            } catch (Exception e) {
                log.warn("Stopping {} failed: {}", next.getClass().getSimpleName(), e.getMessage());
            }
        }
    }
}
