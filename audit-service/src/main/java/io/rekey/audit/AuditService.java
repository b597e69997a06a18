package io.rekey.audit;

import io.rekey.audit.http.AuditApi;
import io.rekey.audit.topology.AuditStreamsConfig;
import io.rekey.audit.topology.AuditTopology;
import io.rekey.audit.topology.DeadLetterCounts;
import io.rekey.events.signing.EventVerifier;
import io.rekey.events.signing.SigningKeys;
import io.rekey.events.topics.TopicCatalogue;
import io.rekey.events.topics.TopicSpec;
import io.rekey.service.auth.BearerAuth;
import io.rekey.service.config.Settings;
import io.rekey.service.http.HttpService;
import io.rekey.service.http.HttpSettings;
import io.rekey.service.kafka.KafkaClients;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit service: the Streams application that folds Rekey's events into views, and the HTTP queries over them.
 * {@link #start} returns once the application is RUNNING and the queries answer, or fails saying why.
 */
public final class AuditService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AuditService.class);
    private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final HttpService http;
    private final KafkaStreams streams;
    private final String baseUrl;
    private final DeadLetterCounts deadLetters;

    private AuditService(HttpService http, KafkaStreams streams, String baseUrl, DeadLetterCounts deadLetters) {
        this.http = http;
        this.streams = streams;
        this.baseUrl = baseUrl;
        this.deadLetters = deadLetters;
    }

    public static AuditService start(Settings settings) {
        return start(AuditSettings.from(settings));
    }

    public static AuditService start(AuditSettings settings) {
        createTopics(settings);
        DeadLetterCounts deadLetters = new DeadLetterCounts();
        AtomicReference<KafkaStreams> streamsRef = new AtomicReference<>();
        AtomicReference<HostInfo> selfRef = new AtomicReference<>();
        AuditApi api = new AuditApi(
                BearerAuth.withRealm(settings.callerTokens(), "rekey-audit"),
                settings.auditors(),
                streamsRef::get,
                selfRef::get,
                deadLetters,
                Clock.systemUTC());
        HttpService http = HttpService.start(
                "audit-service", new HttpSettings(settings.httpHost(), settings.httpPort(), 64 * 1024), api::addRoutes);
        try {
            HostInfo self = settings.advertisedUrl()
                    .map(url -> new HostInfo(url.getHost(), url.getPort()))
                    .orElseGet(() -> new HostInfo(settings.httpHost(), http.port()));
            selfRef.set(self);
            KafkaStreams streams = startStreams(settings, self, deadLetters, streamsRef);
            return new AuditService(http, streams, http.baseUrl(settings.httpHost()), deadLetters);
        } catch (RuntimeException e) {
            KafkaStreams started = streamsRef.get();
            if (started != null) {
                started.close(CLOSE_TIMEOUT);
            }
            http.close();
            throw e;
        }
    }

    /** The topology as this deployment runs it. */
    public static Topology topology(AuditSettings settings, Properties streamsConfig, DeadLetterCounts deadLetters) {
        Optional<EventVerifier> verifier =
                settings.eventSigningKey().map(key -> new EventVerifier(Map.of(SigningKeys.keyIdOf(key), key)));
        return AuditTopology.build(
                streamsConfig,
                new AuditTopology.Options(
                        verifier, settings.usageRetention(), settings.usageGrace(), deadLetters, Clock.systemUTC()));
    }

    private static KafkaStreams startStreams(
            AuditSettings settings,
            HostInfo self,
            DeadLetterCounts deadLetters,
            AtomicReference<KafkaStreams> streamsRef) {
        Properties config = AuditStreamsConfig.build(settings, self);
        KafkaStreams streams = new KafkaStreams(topology(settings, config, deadLetters), config);
        CountDownLatch running = new CountDownLatch(1);
        streams.setStateListener((now, before) -> {
            log.info("Audit streams went from {} to {}", before, now);
            if (now == KafkaStreams.State.RUNNING
                    || now == KafkaStreams.State.ERROR
                    || now == KafkaStreams.State.PENDING_ERROR
                    || now == KafkaStreams.State.NOT_RUNNING) {
                running.countDown();
            }
        });
        streams.setUncaughtExceptionHandler(e -> {
            log.error("Audit stream processing failed and this instance stops; fix the cause and restart it", e);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        if (settings.eventSigningKey().isEmpty()) {
            log.warn(
                    "Key events are read WITHOUT signature checks: set {} to the vault's event signing key",
                    AuditSettings.SIGNING_PUBLIC_KEY);
        }
        log.info(
                "Audit reads {}, {} and {}; records it cannot use go to <topic>.dlq",
                TopicCatalogue.VAULT_KEY_EVENTS,
                TopicCatalogue.VAULT_KEY_USAGE,
                TopicCatalogue.STORAGE_ACCOUNT_EVENTS);
        log.info(
                "Starting audit streams '{}' on {} with state in {}, answering as {}:{}",
                settings.applicationId(),
                settings.bootstrapServers(),
                settings.stateDir().toAbsolutePath(),
                self.host(),
                self.port());
        streamsRef.set(streams);
        streams.start();
        awaitRunning(streams, running, settings.startTimeout());
        return streams;
    }

    private static void awaitRunning(KafkaStreams streams, CountDownLatch running, Duration timeout) {
        try {
            if (!running.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("audit streams did not reach RUNNING within " + timeout
                        + " (state " + streams.state() + "); check that Kafka is reachable, or raise "
                        + AuditSettings.START_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for audit streams to start", e);
        }
        if (streams.state() != KafkaStreams.State.RUNNING && streams.state() != KafkaStreams.State.REBALANCING) {
            throw new IllegalStateException(
                    "audit streams stopped while starting (state " + streams.state() + "); see the error logged above");
        }
    }

    private static void createTopics(AuditSettings settings) {
        TopicCatalogue catalogue = settings.topics();
        List<TopicSpec> topics = new ArrayList<>();
        for (TopicSpec source :
                List.of(catalogue.vaultKeyEvents(), catalogue.vaultKeyUsage(), catalogue.storageAccountEvents())) {
            topics.add(source);
            topics.add(catalogue.deadLetterOf(source));
        }
        try (Admin admin = new KafkaClients(Map.of("bootstrap.servers", settings.bootstrapServers())).admin()) {
            catalogue.createAll(admin, topics, TOPIC_TIMEOUT);
        }
    }

    public int port() {
        return http.port();
    }

    public String baseUrl() {
        return baseUrl;
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /** How many active tasks this instance runs now: zero while a rebalance has moved all its work away. */
    public int activeTaskCount() {
        return streams.metadataForLocalThreads().stream()
                .mapToInt(thread -> thread.activeTasks().size())
                .sum();
    }

    public DeadLetterCounts deadLetters() {
        return deadLetters;
    }

    /**
     * Leaves the consumer group on the way out: otherwise a restarted instance waits for the broker's session timeout
     * (45 s by default) before its old membership is dropped and the stores come back.
     */
    @Override
    public void close() {
        streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(CLOSE_TIMEOUT));
        http.close();
        log.info("Audit service stopped");
    }
}
