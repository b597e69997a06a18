package io.rekey.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SharedClusterIT {

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = KafkaClusterExtension.shared();

    @Test
    void given_sharedCluster_when_recordIsProduced_then_groupConsumerReadsIt() throws Exception {
        String topic = KAFKA.uniqueTopic("round-trip");
        KAFKA.admin()
                .createTopics(List.of(new NewTopic(topic, 1, (short) 1)))
                .all()
                .get(30, TimeUnit.SECONDS);

        TestRecords.produce(KAFKA.clientProperties(), topic, "key-1", "value-1");

        Map<String, Object> config = KAFKA.clientProperties();
        config.put(ConsumerConfig.GROUP_ID_CONFIG, KAFKA.uniqueGroup("round-trip"));
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            ConsumerRecord<String, String> record = pollOne(consumer, Duration.ofSeconds(60));
            assertEquals("key-1", record.key());
            assertEquals("value-1", record.value());
            consumer.commitSync();
        }
    }

    @Test
    void given_sharedExtension_when_clusterIsAParameter_then_itIsTheSameSingleBrokerCluster(KafkaCluster injected) {
        assertEquals(KAFKA.bootstrapServers(), injected.bootstrapServers());
        assertEquals(1, injected.brokerCount());
    }

    private static ConsumerRecord<String, String> pollOne(KafkaConsumer<String, String> consumer, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                return record;
            }
        }
        throw new AssertionError("No record arrived within " + timeout);
    }
}
