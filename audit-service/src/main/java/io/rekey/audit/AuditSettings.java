package io.rekey.audit;

import io.rekey.events.ids.CallerId;
import io.rekey.events.ids.InvalidIdException;
import io.rekey.events.signing.SigningKeys;
import io.rekey.events.topics.TopicCatalogue;
import io.rekey.service.auth.Secret;
import io.rekey.service.config.ConfigException;
import io.rekey.service.config.Settings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The audit service's settings, read and checked once at start-up; every failure names the setting to fix. The README
 * lists each one.
 */
public record AuditSettings(
        String applicationId,
        Path stateDir,
        Duration usageRetention,
        Duration usageGrace,
        Duration commitInterval,
        Duration startTimeout,
        int streamThreads,
        String httpHost,
        int httpPort,
        Optional<URI> advertisedUrl,
        Map<CallerId, Secret> callerTokens,
        Set<CallerId> auditors,
        Optional<PublicKey> eventSigningKey,
        Map<String, String> kafka,
        int partitions,
        short replicationFactor,
        int minInsyncReplicas) {

    public static final String AUDIT_PERMISSION = "audit";

    public static final String APPLICATION_ID = "audit.application.id";
    public static final String DATA_DIR = "audit.data.dir";
    public static final String STATE_DIR = "audit.state.dir";
    public static final String USAGE_RETENTION = "audit.usage.retention";
    public static final String USAGE_GRACE = "audit.usage.grace";
    public static final String COMMIT_INTERVAL = "audit.commit.interval";
    public static final String START_TIMEOUT = "audit.start.timeout";
    public static final String STREAM_THREADS = "audit.stream.threads";
    public static final String HTTP_HOST = "audit.http.host";
    public static final String HTTP_PORT = "audit.http.port";
    public static final String ADVERTISED_URL = "audit.http.advertised.url";
    public static final String CALLERS = "audit.callers";
    public static final String SIGNING_PUBLIC_KEY = "events.signing.public.key";
    public static final String SIGNING_PUBLIC_KEY_FILE = "events.signing.public.key.file";

    public static AuditSettings from(Settings settings) {
        Path dataDir = settings.getPath(DATA_DIR, Path.of("data", "audit"));
        Duration retention = settings.getDuration(USAGE_RETENTION, Duration.ofDays(30));
        Duration grace = settings.getDuration(USAGE_GRACE, Duration.ofHours(1));
        if (retention.compareTo(Duration.ofHours(1).plus(grace)) < 0) {
            throw new ConfigException("setting '" + USAGE_RETENTION + "' must be at least one hour plus '" + USAGE_GRACE
                    + "' (" + grace + ") so that hourly windows can be kept; got " + retention);
        }
        Map<CallerId, Secret> tokens = new HashMap<>();
        Set<CallerId> auditors = new HashSet<>();
        readCallers(settings, tokens, auditors);
        return new AuditSettings(
                settings.get(APPLICATION_ID, "rekey-audit"),
                settings.getPath(STATE_DIR, dataDir.resolve("streams")),
                retention,
                grace,
                settings.getDuration(COMMIT_INTERVAL, Duration.ofMillis(100)),
                settings.getDuration(START_TIMEOUT, Duration.ofSeconds(120)),
                settings.getInt(STREAM_THREADS, 1),
                settings.get(HTTP_HOST, "127.0.0.1"),
                settings.getInt(HTTP_PORT, 0),
                settings.find(ADVERTISED_URL).map(AuditSettings::advertised),
                Map.copyOf(tokens),
                Set.copyOf(auditors),
                signingKey(settings),
                settings.withPrefix("kafka"),
                settings.getInt("topics.partitions", 3),
                (short) settings.getInt("topics.replication.factor", 1),
                settings.getInt("topics.min.insync.replicas", 1));
    }

    /** {@code audit.callers.<id>.token} and {@code audit.callers.<id>.permissions} (comma separated). */
    private static void readCallers(Settings settings, Map<CallerId, Secret> tokens, Set<CallerId> auditors) {
        Map<String, String> callers = settings.withPrefix(CALLERS);
        callers.forEach((name, value) -> {
            if (name.endsWith(".token") && !value.isBlank()) {
                CallerId caller = caller(name.substring(0, name.length() - ".token".length()));
                tokens.put(caller, new Secret(value.trim()));
                String permissions = callers.getOrDefault(caller.value() + ".permissions", "");
                boolean auditor = Arrays.stream(permissions.split(","))
                        .map(p -> p.trim().toLowerCase(Locale.ROOT))
                        .anyMatch(AUDIT_PERMISSION::equals);
                if (auditor) {
                    auditors.add(caller);
                }
            }
        });
    }

    private static CallerId caller(String id) {
        try {
            return CallerId.of(id);
        } catch (InvalidIdException e) {
            throw new ConfigException(
                    "setting '" + CALLERS + "." + id + ".token' names a bad caller: " + e.getMessage());
        }
    }

    private static URI advertised(String value) {
        URI uri = URI.create(value.trim());
        if (uri.getHost() == null || uri.getPort() < 1) {
            throw new ConfigException("setting '" + ADVERTISED_URL
                    + "' must be a URL with host and port, such as http://10.0.0.5:8300; got '" + value + "'");
        }
        return uri;
    }

    private static Optional<PublicKey> signingKey(Settings settings) {
        Optional<String> text = settings.find(SIGNING_PUBLIC_KEY);
        if (text.isEmpty()) {
            text = settings.find(SIGNING_PUBLIC_KEY_FILE).map(AuditSettings::readKeyFile);
        }
        try {
            return text.map(SigningKeys::publicKeyFromText);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("setting '" + SIGNING_PUBLIC_KEY + "': " + e.getMessage());
        }
    }

    private static String readKeyFile(String file) {
        try {
            return Files.readString(Path.of(file)).trim();
        } catch (IOException e) {
            throw new ConfigException("setting '" + SIGNING_PUBLIC_KEY_FILE + "' names " + file
                    + ", which could not be read: " + e.getMessage());
        }
    }

    /** The topic catalogue with this deployment's partitions and replication. */
    public TopicCatalogue topics() {
        return new TopicCatalogue(partitions, replicationFactor, minInsyncReplicas);
    }

    public String bootstrapServers() {
        String servers = kafka.get("bootstrap.servers");
        if (servers == null || servers.isBlank()) {
            throw new ConfigException("setting 'kafka.bootstrap.servers' is required; set it in the configuration"
                    + " file or as environment variable REKEY_KAFKA_BOOTSTRAP_SERVERS");
        }
        return servers;
    }
}
