package io.rekey.service.kafka;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Client settings every Rekey service uses against Kafka. The base properties name the cluster (bootstrap servers and
 * any security settings); the methods add what Rekey's guarantees need: producers that wait for all in-sync replicas
 * and never duplicate, and consumers that read only committed records and commit only by hand.
 */
public final class KafkaClients {
    private final Map<String, Object> base;

    public KafkaClients(Map<String, ?> base) {
        if (!base.containsKey(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)) {
            throw new IllegalArgumentException(
                    "Kafka client settings need bootstrap.servers; set kafka.bootstrap.servers"
                            + " (environment REKEY_KAFKA_BOOTSTRAP_SERVERS)");
        }
        this.base = Map.copyOf(base);
    }

    public static KafkaClients forBootstrap(String bootstrapServers) {
        return new KafkaClients(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    public String bootstrapServers() {
        return String.valueOf(base.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG));
    }

    public Map<String, Object> base() {
        return base;
    }

    public Admin admin() {
        return Admin.create(new HashMap<>(base));
    }

    /** An idempotent producer of raw bytes, acknowledged by all in-sync replicas. */
    public Map<String, Object> producer(String clientId) {
        Map<String, Object> props = new HashMap<>(base);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        return props;
    }

    /** A transactional producer; a second producer with the same id fences this one. */
    public Map<String, Object> transactionalProducer(String clientId, String transactionalId) {
        Map<String, Object> props = producer(clientId);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return props;
    }

    /**
     * A consumer of raw bytes that sees only committed records, commits by hand after the effect is durable, and
     * starts a new group from the beginning so no event is skipped.
     */
    public Map<String, Object> consumer(String clientId, String groupId) {
        Map<String, Object> props = new HashMap<>(base);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        if (groupId != null) {
            props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        }
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return props;
    }
}
