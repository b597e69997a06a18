package io.rekey.storage;

import io.rekey.events.ids.CallerId;
import io.rekey.events.signing.SigningKeys;
import io.rekey.service.auth.Secret;
import io.rekey.service.config.ConfigException;
import io.rekey.service.config.Settings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Every setting storage-service reads, parsed and checked once at start. The README lists them with their defaults.
 */
public record StorageSettings(
        String httpHost,
        int httpPort,
        Path dataDir,
        Optional<URI> vaultUrl,
        Optional<Secret> vaultToken,
        Optional<Path> vaultTrustCertificate,
        Duration vaultTimeout,
        CallerId callerId,
        Map<CallerId, Secret> callers,
        Duration aekLease,
        long blobMaxBytes,
        int segmentBytes,
        String consumerGroup,
        Optional<PublicKey> signingPublicKey,
        Duration retryInitial,
        Duration retryMax,
        Duration startTimeout,
        Map<String, String> kafka,
        int topicPartitions,
        short topicReplicationFactor,
        int topicMinInsyncReplicas) {

    public static final String PREFIX = "storage.";

    public static StorageSettings from(Settings settings) {
        Optional<URI> vaultUrl = settings.find("storage.vault.url").map(URI::create);
        Optional<Secret> vaultToken = settings.find("storage.vault.token").map(Secret::new);
        if (vaultUrl.isPresent() && vaultToken.isEmpty()) {
            throw new ConfigException("setting 'storage.vault.token' is required when storage.vault.url is set; use"
                    + " the token the vault knows storage's caller id by");
        }
        Map<String, String> kafka = settings.withPrefix("kafka");
        if (!kafka.containsKey("bootstrap.servers")) {
            throw new ConfigException("setting 'kafka.bootstrap.servers' is required; set it in the configuration file"
                    + " or as environment variable " + Settings.environmentName("kafka.bootstrap.servers"));
        }
        StorageSettings parsed = new StorageSettings(
                settings.get("storage.http.host", "127.0.0.1"),
                settings.getInt("storage.http.port", 0),
                settings.getPath("storage.data.dir", Path.of(".rekey", "storage")),
                vaultUrl,
                vaultToken,
                settings.find("storage.vault.trust.certificate").map(Path::of),
                settings.getDuration("storage.vault.timeout", Duration.ofSeconds(5)),
                callerId(settings.get("storage.caller.id", "storage")),
                callers(settings),
                settings.getDuration("storage.aek.lease", Duration.ofMinutes(5)),
                settings.getLong("storage.blob.max.bytes", 256L * 1024 * 1024),
                settings.getInt("storage.segment.bytes", 64 * 1024),
                settings.get("storage.consumer.group", "rekey-storage"),
                signingKey(settings),
                settings.getDuration("storage.retry.initial", Duration.ofMillis(200)),
                settings.getDuration("storage.retry.max", Duration.ofSeconds(10)),
                settings.getDuration("storage.start.timeout", Duration.ofSeconds(60)),
                kafka,
                settings.getInt("topics.partitions", 3),
                (short) settings.getInt("topics.replication.factor", 1),
                settings.getInt("topics.min.insync.replicas", 1));
        parsed.check();
        return parsed;
    }

    private void check() {
        if (segmentBytes < 1024 || segmentBytes > 4 * 1024 * 1024) {
            throw new ConfigException("setting 'storage.segment.bytes' must be between 1024 and 4194304");
        }
        if (blobMaxBytes < 0) {
            throw new ConfigException("setting 'storage.blob.max.bytes' must not be negative");
        }
        if (aekLease.isNegative()) {
            throw new ConfigException("setting 'storage.aek.lease' must not be negative");
        }
        if (callers.isEmpty()) {
            throw new ConfigException("no callers are configured, so nobody could call storage; set"
                    + " storage.callers.<callerId>.token=<token> for at least one caller");
        }
        if (vaultUrl.isPresent() && signingPublicKey.isEmpty()) {
            throw new ConfigException("storage cannot verify key events: set events.signing.public.key (the vault's"
                    + " event signing public key text) or events.signing.public.key.file");
        }
    }

    private static CallerId callerId(String text) {
        try {
            return CallerId.of(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("setting 'storage.caller.id': " + e.getMessage());
        }
    }

    private static Map<CallerId, Secret> callers(Settings settings) {
        Map<CallerId, Secret> callers = new HashMap<>();
        settings.withPrefix("storage.callers").forEach((key, value) -> {
            if (!key.endsWith(".token")) {
                throw new ConfigException("setting 'storage.callers." + key + "' is not known; use"
                        + " storage.callers.<callerId>.token");
            }
            callers.put(callerId(key.substring(0, key.length() - ".token".length())), new Secret(value));
        });
        return Map.copyOf(callers);
    }

    private static Optional<PublicKey> signingKey(Settings settings) {
        Optional<String> text = settings.find("events.signing.public.key");
        if (text.isEmpty()) {
            Optional<Path> file =
                    settings.find("events.signing.public.key.file").map(Path::of);
            if (file.isPresent()) {
                try {
                    text = Optional.of(Files.readString(file.get()).trim());
                } catch (IOException e) {
                    throw new ConfigException(
                            "events.signing.public.key.file " + file.get() + " could not be read: " + e.getMessage());
                }
            }
        }
        try {
            return text.map(SigningKeys::publicKeyFromText);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("events.signing.public.key: " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "StorageSettings{http=" + httpHost + ":" + httpPort + ", dataDir=" + dataDir + ", vault="
                + vaultUrl.map(URI::toString).orElse("none") + ", caller=" + callerId + ", aekLease=" + aekLease
                + ", blobMaxBytes=" + blobMaxBytes + ", segmentBytes=" + segmentBytes + "}";
    }
}
