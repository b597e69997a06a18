package io.rekey.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rekey.events.dlq.DeadLetters;
import io.rekey.events.serde.EventJson;
import io.rekey.events.signing.EventVerifier;
import io.rekey.events.signing.SigningKeys;
import io.rekey.events.topics.TopicCatalogue;
import io.rekey.events.topics.TopicSpec;
import io.rekey.testkit.KafkaClusterExtension;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The event contract on a real broker: topics from the catalogue, signed events through, bad records parked. */
class EventsOnKafkaIT {
    @RegisterExtension
    static final KafkaClusterExtension KAFKA = KafkaClusterExtension.shared();

    private static final TopicCatalogue CATALOGUE = TopicCatalogue.local();
    private static final SigningKeys VAULT_KEYS = SigningKeys.generate();
    private final EventJson json = new EventJson();

    @BeforeAll
    static void createTopics() {
        CATALOGUE.createAll(KAFKA.admin(), Duration.ofSeconds(30));
    }

    @Test
    void createAll_twice_isIdempotentAndAppliesSettings() throws Exception {
        CATALOGUE.createAll(KAFKA.admin(), Duration.ofSeconds(30));

        Set<String> names = KAFKA.admin().listTopics().names().get();
        for (TopicSpec topic : CATALOGUE.allTopics()) {
            assertTrue(names.contains(topic.name()), "missing topic " + topic.name());
        }
        ConfigResource journal = new ConfigResource(ConfigResource.Type.TOPIC, TopicCatalogue.VAULT_JOURNAL);
        Config config =
                KAFKA.admin().describeConfigs(List.of(journal)).all().get().get(journal);
        assertEquals("compact", config.get("cleanup.policy").value());
        assertEquals("1", config.get("min.insync.replicas").value());
    }

    @Test
    void signedKeyEvent_producedAndConsumed_verifies_andMalformedOneIsParkedWhileNextIsConsumed() throws Exception {
        EventEnvelope first = VAULT_KEYS.signer().sign(SampleEvents.envelope(sample(EventType.KEY_ROTATED)));
        EventEnvelope next = VAULT_KEYS.signer().sign(SampleEvents.envelope(sample(EventType.KEY_REVOKED)));
        byte[] malformed = "{\"specversion\":\"1.0\",\"type\":\"java.lang.Runtime\"}".getBytes(StandardCharsets.UTF_8);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps())) {
            send(producer, first.subject(), json.write(first));
            send(producer, first.subject(), malformed);
            send(producer, next.subject(), json.write(next));
        }

        List<EventEnvelope> accepted = consumeVerifyingAndParking(3);

        assertEquals(List.of(first, next), accepted);
        ConsumerRecord<byte[], byte[]> parked = onlyRecordOf(DeadLetters.topicFor(TopicCatalogue.VAULT_KEY_EVENTS));
        assertEquals(TopicCatalogue.VAULT_KEY_EVENTS, DeadLetters.header(parked.headers(), DeadLetters.SOURCE_TOPIC));
        assertEquals("MISSING_SIGNATURE", DeadLetters.header(parked.headers(), DeadLetters.REASON_CODE));
        assertTrue(
                DeadLetters.header(parked.headers(), DeadLetters.SOURCE_OFFSET).matches("\\d+"));
        assertEquals(new String(malformed, StandardCharsets.UTF_8), new String(parked.value(), StandardCharsets.UTF_8));
    }

    /** What every key-event consumer does: verify before acting, park what cannot be used, go on. */
    private List<EventEnvelope> consumeVerifyingAndParking(int records) {
        EventVerifier verifier = EventVerifier.trusting(VAULT_KEYS);
        List<EventEnvelope> accepted = new ArrayList<>();
        int seen = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps());
                KafkaProducer<byte[], byte[]> dlqProducer = new KafkaProducer<>(producerProps())) {
            DeadLetters deadLetters = new DeadLetters(dlqProducer, "events-it", Clock.systemUTC());
            consumer.subscribe(List.of(TopicCatalogue.VAULT_KEY_EVENTS));
            while (seen < records && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    seen++;
                    try {
                        accepted.add(verifier.readVerified(record.value()));
                    } catch (MalformedEventException e) {
                        deadLetters.park(record, e.reason().name(), e.getMessage());
                    }
                }
            }
            assertEquals(1, deadLetters.parkedCount());
        }
        return accepted;
    }

    private ConsumerRecord<byte[], byte[]> onlyRecordOf(String topic) {
        Map<String, Object> props = consumerProps();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
            while (found.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(found::add);
            }
            assertEquals(1, found.size(), "expected exactly one parked record in " + topic);
            return found.get(0);
        }
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String key, byte[] value) throws Exception {
        producer.send(new ProducerRecord<>(
                        TopicCatalogue.VAULT_KEY_EVENTS, key.getBytes(StandardCharsets.UTF_8), value))
                .get();
    }

    private static EventData sample(EventType type) {
        return SampleEvents.oneOfEach().get(type);
    }

    private static Map<String, Object> producerProps() {
        Map<String, Object> props = new HashMap<>(KAFKA.clientProperties());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return props;
    }

    private static Map<String, Object> consumerProps() {
        Map<String, Object> props = new HashMap<>(KAFKA.clientProperties());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, KAFKA.uniqueGroup("events-it"));
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return props;
    }
}
