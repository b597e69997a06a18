package io.rekey.audit.topology;

import io.rekey.audit.AuditEvents;
import io.rekey.audit.query.AuditQueries;
import io.rekey.audit.query.Stores;
import io.rekey.events.EventEnvelope;
import io.rekey.events.signing.EventVerifier;
import io.rekey.events.signing.SigningKeys;
import io.rekey.events.topics.TopicCatalogue;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

/** The audit topology on a test driver, with signed-event producers and the query layer over its stores. */
final class TopologyFixture implements AutoCloseable {
    static final Instant START = Instant.parse("2026-03-02T10:00:00Z");

    final SigningKeys vaultKeys = SigningKeys.generate();
    final AuditEvents events = new AuditEvents(vaultKeys.signer());
    final DeadLetterCounts deadLetters = new DeadLetterCounts();
    final TopologyTestDriver driver;
    final TestInputTopic<String, byte[]> keyEvents;
    final TestInputTopic<String, byte[]> usage;
    final TestInputTopic<String, byte[]> accountEvents;
    final AuditQueries queries;

    TopologyFixture(Path stateDir) {
        Properties config = config(stateDir);
        Topology topology =
                AuditTopology.build(config, options(Optional.of(EventVerifier.trusting(vaultKeys)), deadLetters));
        driver = new TopologyTestDriver(topology, config, START);
        keyEvents = input(TopicCatalogue.VAULT_KEY_EVENTS);
        usage = input(TopicCatalogue.VAULT_KEY_USAGE);
        accountEvents = input(TopicCatalogue.STORAGE_ACCOUNT_EVENTS);
        queries = new AuditQueries(new DriverStores(driver));
    }

    static Properties config(Path stateDir) {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "rekey-audit");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        config.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        config.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        return config;
    }

    static AuditTopology.Options options(Optional<EventVerifier> verifier, DeadLetterCounts deadLetters) {
        return new AuditTopology.Options(
                verifier, Duration.ofDays(7), Duration.ofHours(1), deadLetters, Clock.fixed(START, ZoneOffset.UTC));
    }

    private TestInputTopic<String, byte[]> input(String topic) {
        return driver.createInputTopic(topic, new StringSerializer(), new ByteArraySerializer());
    }

    TestOutputTopic<String, byte[]> deadLetterTopic(String source) {
        return driver.createOutputTopic(source + ".dlq", new StringDeserializer(), new ByteArrayDeserializer());
    }

    void keyEvent(EventEnvelope event) {
        keyEvents.pipeInput(event.subject(), events.bytes(event), event.time());
    }

    void accountEvent(EventEnvelope event) {
        accountEvents.pipeInput(event.subject(), events.bytes(event), event.time());
    }

    void use(EventEnvelope event) {
        usage.pipeInput(event.subject(), events.bytes(event), event.time());
    }

    @Override
    public void close() {
        driver.close();
    }

    /** The driver's stores behind the same interface the running service reads through. */
    private record DriverStores(TopologyTestDriver driver) implements Stores {
        @Override
        public <V> ReadOnlyKeyValueStore<String, V> keyValue(String store) {
            return driver.getKeyValueStore(store);
        }

        @Override
        public <V> ReadOnlyWindowStore<String, V> window(String store) {
            return driver.getWindowStore(store);
        }
    }
}
