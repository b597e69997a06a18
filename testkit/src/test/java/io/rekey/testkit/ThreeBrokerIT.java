package io.rekey.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ThreeBrokerIT {

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = KafkaClusterExtension.dedicated(3);

    @Test
    void given_replicationThreeAndMinIsrTwo_when_leaderStops_then_ackAllProduceSucceedsAndRecordsAreRead()
            throws Exception {
        assumeTrue(KAFKA.canStopBrokers(), "stopping a broker needs the in-JVM cluster");
        assertEquals(3, KAFKA.brokerCount());
        String topic = KAFKA.uniqueTopic("three-replicas");
        NewTopic newTopic = new NewTopic(topic, 1, (short) 3).configs(Map.of("min.insync.replicas", "2"));
        KAFKA.admin().createTopics(List.of(newTopic)).all().get(30, TimeUnit.SECONDS);
        TopicPartitionInfo before = awaitPartition(topic, p -> p.isr().size() == 3);

        List<String> sent = new ArrayList<>();
        try (KafkaProducer<String, String> producer = ackAllProducer()) {
            producer.send(new ProducerRecord<>(topic, "k", "before")).get(60, TimeUnit.SECONDS);
            sent.add("before");

            int stoppedLeader = before.leader().id();
            KAFKA.stopBroker(stoppedLeader);
            awaitPartition(topic, p -> p.leader() != null && p.leader().id() != stoppedLeader);
            for (int i = 0; i < 5; i++) {
                String value = "while-down-" + i;
                producer.send(new ProducerRecord<>(topic, "k", value)).get(60, TimeUnit.SECONDS);
                sent.add(value);
            }

            List<ConsumerRecord<String, String>> read =
                    TestRecords.consume(KAFKA.clientProperties(), topic, sent.size(), Duration.ofSeconds(60));
            assertEquals(sent, read.stream().map(ConsumerRecord::value).collect(Collectors.toList()));

            KAFKA.startBroker(stoppedLeader);
            TopicPartitionInfo after = awaitPartition(topic, p -> p.isr().size() == 3);
            assertEquals(3, after.isr().size());
        }
    }

    private static KafkaProducer<String, String> ackAllProducer() {
        Map<String, Object> config = KAFKA.clientProperties();
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private static TopicPartitionInfo awaitPartition(String topic, Predicate<TopicPartitionInfo> condition)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        TopicPartitionInfo partition = null;
        while (System.nanoTime() < deadline) {
            TopicDescription description = KAFKA.admin()
                    .describeTopics(List.of(topic))
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS)
                    .get(topic);
            partition = description.partitions().get(0);
            if (condition.test(partition)) {
                return partition;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(
                "Partition 0 of " + topic + " did not reach the expected state; last seen " + partition);
    }
}
