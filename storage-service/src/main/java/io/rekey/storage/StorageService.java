package io.rekey.storage;

import io.rekey.events.account.AccountEncryption;
import io.rekey.events.dlq.DeadLetters;
import io.rekey.events.ids.AccountName;
import io.rekey.events.signing.EventVerifier;
import io.rekey.events.signing.SigningKeys;
import io.rekey.events.topics.TopicCatalogue;
import io.rekey.events.topics.TopicSpec;
import io.rekey.service.auth.BearerAuth;
import io.rekey.service.config.Settings;
import io.rekey.service.http.HttpService;
import io.rekey.service.http.HttpSettings;
import io.rekey.service.kafka.KafkaClients;
import io.rekey.service.tls.TrustedCertificates;
import io.rekey.storage.account.AccountHistory;
import io.rekey.storage.account.AccountKeys;
import io.rekey.storage.account.AccountLedger;
import io.rekey.storage.account.AccountRegistry;
import io.rekey.storage.account.AccountService;
import io.rekey.storage.account.AccountState;
import io.rekey.storage.blob.BlobStore;
import io.rekey.storage.crypto.AesKey;
import io.rekey.storage.crypto.BlobWriter;
import io.rekey.storage.crypto.KeyMaterial;
import io.rekey.storage.events.KeyEventConsumer;
import io.rekey.storage.events.KeyEventHandler;
import io.rekey.storage.events.KeyWork;
import io.rekey.storage.http.StorageApi;
import io.rekey.storage.vault.VaultClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The storage service: accounts and envelope-encrypted blobs, kept in step with the vault's key events.
 *
 * <p>{@link #start} does, in order: create its topics; load (or on first start create) the service-managed
 * key-wrapping key; rebuild every account from {@code storage.account-events}; catch up with
 * {@code vault.key-events}, so an account locked while storage was down is locked now; and only then serve HTTP.
 */
public final class StorageService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StorageService.class);
    static final String SERVICE_KEY_FILE = "service-wrapping.key";

    private final StorageSettings settings;
    private final List<AutoCloseable> resources;
    private final HttpService http;
    private final AccountRegistry registry;
    private final KeyEventConsumer consumer;

    private StorageService(
            StorageSettings settings,
            List<AutoCloseable> resources,
            HttpService http,
            AccountRegistry registry,
            KeyEventConsumer consumer) {
        this.settings = settings;
        this.resources = resources;
        this.http = http;
        this.registry = registry;
        this.consumer = consumer;
    }

    public static StorageService start(Settings raw) {
        StorageSettings settings = StorageSettings.from(raw);
        List<AutoCloseable> resources = new ArrayList<>();
        try {
            return start(settings, resources);
        } catch (RuntimeException | IOException e) {
            closeAll(resources);
            if (e instanceof IOException io) {
                throw new UncheckedIOException("storage-service could not start: " + io.getMessage(), io);
            }
            throw (RuntimeException) e;
        }
    }

    private static StorageService start(StorageSettings settings, List<AutoCloseable> resources) throws IOException {
        log.info("Starting storage-service: {}", settings);
        KafkaClients kafka = new KafkaClients(settings.kafka());
        createTopics(settings, kafka);

        Path dataDir = Files.createDirectories(settings.dataDir());
        AesKey serviceKey = KeyMaterial.loadOrCreateKeyFile(dataDir.resolve(SERVICE_KEY_FILE));
        BlobStore blobs = new BlobStore(dataDir, new BlobWriter(settings.segmentBytes(), settings.blobMaxBytes()));
        log.info(
                "Blob files are under {}; the service-managed wrapping key is {}",
                blobs.root().toAbsolutePath(),
                dataDir.resolve(SERVICE_KEY_FILE).toAbsolutePath());

        AccountRegistry registry = new AccountRegistry();
        try (KafkaConsumer<byte[], byte[]> replay = new KafkaConsumer<>(kafka.consumer("storage-replay", null))) {
            AccountHistory.replay(replay, registry, settings.startTimeout());
        }
        blobs.removeAllBut(registry.active().stream().map(AccountState::name).collect(Collectors.toSet()));
        logLocked(registry);

        Producer<byte[], byte[]> producer = new KafkaProducer<>(kafka.producer("storage-service"));
        resources.add(producer);
        Clock clock = Clock.systemUTC();
        VaultClient vault = new VaultClient(
                settings.vaultToken().orElse(new io.rekey.service.auth.Secret("")),
                settings.vaultTimeout(),
                settings.vaultTrustCertificate().map(TrustedCertificates::sslContext));
        AccountKeys keys = new AccountKeys(serviceKey, vault, settings.aekLease(), clock);
        AccountLedger ledger = new AccountLedger(
                producer,
                registry,
                URI.create("urn:rekey:storage-service"),
                clock,
                settings.vaultTimeout().plusSeconds(25));
        KeyWork work = new KeyWork(registry, ledger, keys, settings.retryInitial(), settings.retryMax());
        resources.add(0, work);

        KeyEventConsumer consumer = null;
        if (settings.signingPublicKey().isPresent()) {
            PublicKey trusted = settings.signingPublicKey().get();
            consumer = new KeyEventConsumer(
                    new KafkaConsumer<>(kafka.consumer("storage-key-events", settings.consumerGroup())),
                    new EventVerifier(Map.of(SigningKeys.keyIdOf(trusted), trusted)),
                    new KeyEventHandler(registry, ledger, keys, work, settings.callerId()),
                    new DeadLetters(producer, "storage-service", clock),
                    settings.retryInitial());
            resources.add(0, consumer);
            consumer.start(settings.startTimeout());
            log.info("Caught up with {}", TopicCatalogue.VAULT_KEY_EVENTS);
        } else {
            log.warn("No event signing key is configured (events.signing.public.key): key events are not consumed;"
                    + " only service-managed accounts are usable");
        }

        AccountService accounts = new AccountService(registry, ledger, keys, blobs, settings.vaultUrl(), () -> {});
        StorageApi api = new StorageApi(
                accounts,
                keys,
                blobs,
                BearerAuth.withRealm(settings.callers(), "rekey-storage"),
                settings.blobMaxBytes());
        HttpService http = HttpService.start(
                "storage-service",
                new HttpSettings(settings.httpHost(), settings.httpPort(), 1024 * 1024),
                api::routes);
        resources.add(0, http);
        return new StorageService(settings, resources, http, registry, consumer);
    }

    private static void createTopics(StorageSettings settings, KafkaClients kafka) {
        TopicCatalogue catalogue = new TopicCatalogue(
                settings.topicPartitions(), settings.topicReplicationFactor(), settings.topicMinInsyncReplicas());
        List<TopicSpec> topics = List.of(
                catalogue.storageAccountEvents(),
                catalogue.deadLetterOf(catalogue.storageAccountEvents()),
                catalogue.vaultKeyEvents(),
                catalogue.deadLetterOf(catalogue.vaultKeyEvents()));
        try (Admin admin = kafka.admin()) {
            catalogue.createAll(admin, topics, settings.startTimeout());
        }
        log.info(
                "Using Kafka at {}: account history on {}, key events from {}",
                kafka.bootstrapServers(),
                TopicCatalogue.STORAGE_ACCOUNT_EVENTS,
                TopicCatalogue.VAULT_KEY_EVENTS);
    }

    private static void logLocked(AccountRegistry registry) {
        for (AccountState account : registry.active()) {
            if (account.isLocked()) {
                AccountEncryption encryption = account.encryption();
                log.warn(
                        "Account {} is locked ({} on key {}); it refuses blob reads and writes",
                        account.name(),
                        account.lock().reason(),
                        encryption.keyName());
            }
        }
    }

    public int port() {
        return http.port();
    }

    public String baseUrl() {
        return http.baseUrl(settings.httpHost());
    }

    public Path dataDir() {
        return settings.dataDir();
    }

    /** An account as this instance sees it now; for tests and the launcher. */
    public Optional<AccountState> account(AccountName name) {
        return registry.find(name);
    }

    /** Records of {@code vault.key-events} parked in the dead-letter topic since start. */
    public long parkedKeyEvents() {
        return consumer == null ? 0 : consumer.parkedCount();
    }

    /** False once the key-event consumer stopped on a fatal error. */
    public boolean isHealthy() {
        return consumer == null || !consumer.isFailed();
    }

    @Override
    public void close() {
        closeAll(resources);
        log.info("storage-service stopped");
    }

    private static void closeAll(List<AutoCloseable> resources) {
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                log.warn("Closing {} failed: {}", resource.getClass().getSimpleName(), e.getMessage());
            }
        }
        resources.clear();
    }
}
