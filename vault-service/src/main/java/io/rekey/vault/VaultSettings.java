package io.rekey.vault;

import io.rekey.events.ids.CallerId;
import io.rekey.events.ids.InvalidIdException;
import io.rekey.events.topics.TopicCatalogue;
import io.rekey.service.auth.Secret;
import io.rekey.service.config.ConfigException;
import io.rekey.service.config.Settings;
import io.rekey.service.http.HttpSettings;
import io.rekey.service.tls.SelfSignedCertificate;
import io.rekey.service.tls.TlsSettings;
import io.rekey.vault.http.Permission;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The vault's settings, read and checked once at start; each name is listed in the module README. */
public record VaultSettings(
        HttpSettings http,
        Optional<String> publicUrl,
        Path dataDir,
        Optional<Path> rootKeyFile,
        Optional<Secret> rootPassphrase,
        boolean createRootKey,
        String transactionalId,
        Optional<String> authChallenge,
        Map<CallerId, CallerGrant> callers,
        Duration deletedRetention,
        Duration rotationCheckInterval,
        Duration ownershipCheckInterval,
        int usageQueueCapacity,
        Duration kafkaTimeout,
        Map<String, Object> kafka,
        TopicCatalogue topics) {

    /** One configured caller: its token and the operations it may perform on every key. */
    public record CallerGrant(Secret token, Set<Permission> permissions) {}

    public static final String DEFAULT_PERMISSIONS = "get,list";
    private static final Path DEFAULT_DATA_DIR = Path.of("rekey-data", "vault");
    private static final Logger log = LoggerFactory.getLogger(VaultSettings.class);

    public static VaultSettings from(Settings settings) {
        String host = settings.get("vault.http.host", "127.0.0.1");
        HttpSettings http = withTls(
                settings,
                new HttpSettings(
                        host,
                        settings.getInt("vault.http.port", 0),
                        settings.getLong("vault.http.max.request.bytes", 64 * 1024)));
        int usageCapacity = settings.getInt("vault.usage.queue.capacity", 10_000);
        if (usageCapacity < 1) {
            throw new ConfigException("setting 'vault.usage.queue.capacity' must be 1 or more");
        }
        Duration retention = settings.getDuration("vault.deleted.retention", Duration.ofDays(7));
        if (retention.isNegative() || retention.isZero()) {
            throw new ConfigException("setting 'vault.deleted.retention' must be a positive duration such as 7d");
        }
        return new VaultSettings(
                http,
                settings.find("vault.public.url")
                        .map(url -> url.endsWith("/") ? url.substring(0, url.length() - 1) : url),
                settings.getPath("vault.data.dir", DEFAULT_DATA_DIR),
                settings.find("vault.root.key.file").map(Path::of),
                settings.find("vault.root.passphrase").map(Secret::new),
                settings.getBoolean("vault.root.key.create", true),
                settings.get("vault.transactional.id", "rekey-vault"),
                settings.find("vault.auth.challenge"),
                callers(settings),
                retention,
                settings.getDuration("vault.rotation.check.interval", Duration.ofMinutes(1)),
                settings.getDuration("vault.ownership.check.interval", Duration.ofSeconds(5)),
                usageCapacity,
                settings.getDuration("vault.kafka.timeout", Duration.ofSeconds(30)),
                Map.copyOf(settings.withPrefix("kafka")),
                new TopicCatalogue(
                        settings.getInt("topics.partitions", 3),
                        (short) settings.getInt("topics.replication.factor", 1),
                        settings.getInt("topics.min.insync.replicas", 1)));
    }

    /**
     * HTTPS with the certificate {@code vault.tls.*} configures, or else with a self-signed one kept in
     * {@code <data dir>/tls} that names the public URL's host, the listening host and the loopback names. Plain HTTP
     * only when {@code vault.http.plaintext=true} asks for it.
     */
    private static HttpSettings withTls(Settings settings, HttpSettings plain) {
        Set<String> names = new LinkedHashSet<>();
        settings.find("vault.public.url").map(url -> URI.create(url).getHost()).ifPresent(names::add);
        if (!plain.host().equals("0.0.0.0") && !plain.host().equals("::")) {
            names.add(plain.host());
        }
        names.addAll(List.of("localhost", "127.0.0.1", "::1"));
        Path tlsDir = settings.getPath("vault.data.dir", DEFAULT_DATA_DIR).resolve("tls");
        Optional<TlsSettings> tls = TlsSettings.from(settings, "vault", tlsDir, names);
        if (tls.isEmpty() && settings.find("vault.http.plaintext").isEmpty()) {
            // Plain HTTP only when asked for: tokens and unwrapped keys must not cross the network in the clear.
            log.info(
                    "No vault.tls.* settings: serving HTTPS with a self-signed certificate kept in {}; configure"
                            + " vault.tls.keystore for a real one, or vault.http.plaintext=true for plain HTTP",
                    tlsDir);
            tls = Optional.of(SelfSignedCertificate.loadOrCreate(tlsDir, names));
        }
        return tls.map(plain::withTls).orElse(plain);
    }

    private static Map<CallerId, CallerGrant> callers(Settings settings) {
        Map<String, String> all = settings.withPrefix("vault.callers");
        Set<String> ids = new TreeSet<>();
        all.keySet().forEach(key -> {
            int dot = key.lastIndexOf('.');
            if (dot > 0) {
                ids.add(key.substring(0, dot));
            }
        });
        Map<CallerId, CallerGrant> callers = new LinkedHashMap<>();
        for (String id : ids) {
            String token = all.get(id + ".token");
            if (token == null || token.isBlank()) {
                throw new ConfigException("caller '" + id + "' has no token; set vault.callers." + id + ".token");
            }
            CallerId caller;
            try {
                caller = CallerId.of(id);
            } catch (InvalidIdException e) {
                throw new ConfigException("setting vault.callers." + id + ": " + e.getMessage());
            }
            String permissions = all.getOrDefault(id + ".permissions", DEFAULT_PERMISSIONS);
            callers.put(caller, new CallerGrant(new Secret(token.trim()), parsePermissions(id, permissions)));
        }
        return callers;
    }

    static Set<Permission> parsePermissions(String caller, String text) {
        Set<Permission> permissions = EnumSet.noneOf(Permission.class);
        for (String part : text.split(",")) {
            String name = part.trim();
            if (name.isEmpty()) {
                continue;
            }
            if (name.equalsIgnoreCase("all")) {
                permissions.addAll(EnumSet.allOf(Permission.class));
                continue;
            }
            permissions.add(Permission.parse(name)
                    .orElseThrow(() -> new ConfigException("setting vault.callers." + caller + ".permissions names '"
                            + name + "', which is not one of " + Permission.names() + " or all")));
        }
        return permissions;
    }

    @Override
    public String toString() {
        return "VaultSettings{http=" + http + ", dataDir=" + dataDir + ", callers=" + callers.keySet() + "}";
    }
}
