package io.rekey.vault;

import io.rekey.events.ids.CallerId;
import io.rekey.events.signing.EventSigner;
import io.rekey.events.signing.SigningKeys;
import io.rekey.events.topics.TopicCatalogue;
import io.rekey.service.auth.Secret;
import io.rekey.service.config.ConfigException;
import io.rekey.service.config.Settings;
import io.rekey.service.http.HttpService;
import io.rekey.service.kafka.KafkaClients;
import io.rekey.vault.crypto.RootKey;
import io.rekey.vault.http.Access;
import io.rekey.vault.http.KeysApi;
import io.rekey.vault.http.Permission;
import io.rekey.vault.http.WrapOperations;
import io.rekey.vault.keys.KeyAggregate;
import io.rekey.vault.policy.PolicyScheduler;
import io.rekey.vault.store.JournalCodec;
import io.rekey.vault.store.KeyStore;
import io.rekey.vault.usage.UsageRecorder;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The vault: versioned RSA keys behind the cloud key vault's REST API, event-sourced on Kafka. {@link #start} takes
 * over the journal (fencing any older instance with the same transactional id), rebuilds every key from it, and then
 * serves HTTP.
 */
public final class VaultService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(VaultService.class);
    /**
     * The {@code WWW-Authenticate} value on a 401, in the form the cloud key vault SDKs parse: they take the first path
     * segment of {@code authorization} as a tenant id (so it must have one) and ask their token credential for
     * {@code resource + "/.default"}.
     */
    public static final String DEFAULT_CHALLENGE =
            "Bearer authorization=\"{publicUrl}/rekey\", resource=\"{resource}\"";

    public static final String SIGNING_KEY_FILE = "event-signing.key";
    public static final String SIGNING_PUBLIC_FILE = "event-signing.pub";

    private final Deque<AutoCloseable> resources;
    private final HttpService http;
    private final String baseUrl;
    private final KeyStore store;
    private final UsageRecorder usage;
    private final PolicyScheduler scheduler;
    private final SigningKeys signingKeys;

    private VaultService(
            Deque<AutoCloseable> resources,
            HttpService http,
            String baseUrl,
            KeyStore store,
            UsageRecorder usage,
            PolicyScheduler scheduler,
            SigningKeys signingKeys) {
        this.resources = resources;
        this.http = http;
        this.baseUrl = baseUrl;
        this.store = store;
        this.usage = usage;
        this.scheduler = scheduler;
        this.signingKeys = signingKeys;
    }

    /** Starts the vault and returns once it serves HTTP; on failure, whatever was started is closed again. */
    public static VaultService start(Settings raw) {
        VaultSettings settings = VaultSettings.from(raw);
        Deque<AutoCloseable> resources = new ArrayDeque<>();
        try {
            return start(settings, resources);
        } catch (RuntimeException e) {
            closeAll(resources);
            throw e;
        }
    }

    private static VaultService start(VaultSettings settings, Deque<AutoCloseable> resources) {
        Clock clock = Clock.systemUTC();
        Path dataDir = settings.dataDir().toAbsolutePath();
        createDirectories(dataDir);
        log.info("Vault data directory is {}", dataDir);
        RootKey rootKey = RootKeys.load(settings);
        SigningKeys signingKeys = signingKeys(dataDir);
        // Every key use is signed, so signing is on the hot path: the JDK 17 Ed25519 took more CPU than the RSA of a
        // wrap. BouncyCastle's is about eight times faster and, Ed25519 being deterministic, gives the same bytes.
        EventSigner signer = new EventSigner(
                signingKeys.privateKey(),
                signingKeys.keyId(),
                new org.bouncycastle.jce.provider.BouncyCastleProvider());

        KafkaClients clients = new KafkaClients(settings.kafka());
        createTopics(settings, clients);
        String instance = settings.transactionalId();
        KafkaProducer<byte[], byte[]> journalProducer =
                new KafkaProducer<>(clients.transactionalProducer(instance + "-journal", instance));
        URI source = URI.create("urn:rekey:vault:" + instance);
        String[] publicUrl = new String[1];
        KeyAggregate aggregate =
                new KeyAggregate((name, version) -> publicUrl[0] + "/keys/" + name.value() + "/" + version.value());
        KeyStore store =
                new KeyStore(journalProducer, new JournalCodec(rootKey), aggregate, signer, source, instance, clock);
        resources.push(store);
        log.info(
                "Taking over transactional id '{}' and rebuilding keys from {} on {}",
                instance,
                TopicCatalogue.VAULT_JOURNAL,
                clients.bootstrapServers());
        store.start(clients.consumer(instance + "-rebuild", null), settings.kafkaTimeout());

        UsageRecorder usage = new UsageRecorder(
                new KafkaProducer<>(clients.producer(instance + "-usage")),
                signer,
                source,
                settings.usageQueueCapacity());
        resources.push(usage);

        Map<CallerId, Secret> tokens = new LinkedHashMap<>();
        Map<CallerId, Set<Permission>> permissions = new LinkedHashMap<>();
        settings.callers().forEach((caller, grant) -> {
            tokens.put(caller, grant.token());
            permissions.put(caller, grant.permissions());
            log.info(
                    "Caller {} may {}",
                    caller,
                    grant.permissions().stream().map(Permission::lowerName).toList());
        });
        if (tokens.isEmpty()) {
            log.warn("No callers are configured; every key request is refused. Set vault.callers.<id>.token");
        }
        Access access = new Access(tokens, permissions, store);
        WrapOperations wraps = new WrapOperations(store, access, usage, () -> publicUrl[0], clock);
        KeysApi api =
                new KeysApi(store, access, () -> publicUrl[0], settings.deletedRetention(), signingKeys, wraps, clock);
        HttpService http = HttpService.start("vault-service", settings.http(), api::register);
        resources.push(http);
        publicUrl[0] = settings.publicUrl().orElse(http.baseUrl(settings.http().host()));
        access.useChallenge(challenge(settings.authChallenge().orElse(DEFAULT_CHALLENGE), publicUrl[0]));

        PolicyScheduler scheduler =
                new PolicyScheduler(store, clock, settings.rotationCheckInterval(), settings.ownershipCheckInterval());
        resources.push(scheduler);
        log.info(
                "Vault ready at {} (port {}): {} keys, {} soft-deleted; journal {}, events on {} signed by {}, usage on"
                        + " {}",
                publicUrl[0],
                http.port(),
                store.counts().get("keys"),
                store.counts().get("deleted"),
                TopicCatalogue.VAULT_JOURNAL,
                TopicCatalogue.VAULT_KEY_EVENTS,
                signingKeys.keyId(),
                TopicCatalogue.VAULT_KEY_USAGE);
        return new VaultService(resources, http, publicUrl[0], store, usage, scheduler, signingKeys);
    }

    static String challenge(String template, String publicUrl) {
        return template.replace("{publicUrl}", publicUrl).replace("{resource}", challengeResource(publicUrl));
    }

    /**
     * The resource named in the challenge. The SDKs accept a challenge only if the vault's host ends with "." plus the
     * resource's host (the cloud names vaults {@code x.vault.azure.net} under the resource {@code vault.azure.net}), so
     * for a vault reached by a DNS name the resource is its parent domain: {@code https://keys.example.com:8443} gives
     * {@code https://example.com}. No resource can pass that check for an IP address or a one-label name such as
     * {@code localhost}; there the resource is the vault URL itself and clients turn the check off.
     */
    static String challengeResource(String publicUrl) {
        URI url = URI.create(publicUrl);
        String host = url.getHost();
        boolean dnsName = host != null && host.indexOf('.') > 0 && !host.matches("[0-9.]+") && !host.startsWith("[");
        if (!dnsName) {
            return publicUrl;
        }
        return url.getScheme() + "://" + host.substring(host.indexOf('.') + 1);
    }

    private static SigningKeys signingKeys(Path dataDir) {
        Path keyFile = dataDir.resolve(SIGNING_KEY_FILE);
        Path publicFile = dataDir.resolve(SIGNING_PUBLIC_FILE);
        try {
            SigningKeys keys = SigningKeys.loadOrCreate(keyFile);
            Files.writeString(publicFile, keys.publicKeyText() + "\n");
            log.info(
                    "Event signing key {}: public key text in {} (give it to consumers as events.signing.public.key"
                            + ".file)",
                    keys.keyId(),
                    publicFile);
            return keys;
        } catch (IOException e) {
            throw new ConfigException("the event signing key in " + keyFile + " could not be read or made: "
                    + e.getMessage() + "; check that vault.data.dir is writable");
        }
    }

    private static void createTopics(VaultSettings settings, KafkaClients clients) {
        TopicCatalogue topics = settings.topics();
        try (Admin admin = clients.admin()) {
            topics.createAll(
                    admin,
                    List.of(topics.vaultJournal(), topics.vaultKeyEvents(), topics.vaultKeyUsage()),
                    settings.kafkaTimeout());
        }
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new ConfigException("vault.data.dir " + dir + " could not be created: " + e.getMessage());
        }
    }

    public int port() {
        return http.port();
    }

    /** The URL the vault serves and names in key ids. */
    public String baseUrl() {
        return baseUrl;
    }

    public SigningKeys signingKeys() {
        return signingKeys;
    }

    /** True once another instance took over the journal; this one then refuses every key operation. */
    public boolean isFenced() {
        return store.isFenced();
    }

    /** Usage records dropped because the queue was full. */
    public long droppedUsageRecords() {
        return usage.dropped();
    }

    /** Runs the rotation-policy and purge pass now, instead of waiting for the interval. */
    public void runScheduledActions() {
        scheduler.runOnce();
    }

    @Override
    public void close() {
        closeAll(resources);
        log.info("Vault stopped");
    }

    private static void closeAll(Deque<AutoCloseable> resources) {
        while (!resources.isEmpty()) {
            AutoCloseable resource = resources.pop();
            try {
                resource.close();
            } catch (Exception e) {
                log.warn("Closing {} failed: {}", resource.getClass().getSimpleName(), e.getMessage());
            }
        }
    }
}
