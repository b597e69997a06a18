package io.rekey.launcher.bench;

import io.rekey.service.kafka.KafkaClients;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Produce-to-consume latency on the broker the system uses: one record at a time, the consumer polling in the same
 * process, with the same acknowledgement settings the services use.
 */
final class KafkaFloor {
    private KafkaFloor() {}

    static Latencies produceToConsume(KafkaClients clients, int records) throws Exception {
        String topic = "rekey.bench.floor-" + UUID.randomUUID();
        try (Admin admin = clients.admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        Map<String, Object> consumerProps = clients.consumer("bench-floor-consumer", null);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(clients.producer("bench-floor-producer"));
                KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps)) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToEnd(List.of(partition));
            consumer.position(partition);
            return measure(producer, consumer, topic, records);
        } finally {
            try (Admin admin = clients.admin()) {
                admin.deleteTopics(List.of(topic)).all().get();
            }
        }
    }

    private static Latencies measure(
            KafkaProducer<byte[], byte[]> producer, KafkaConsumer<byte[], byte[]> consumer, String topic, int records)
            throws Exception {
        Latencies latencies = new Latencies();
        byte[] payload = new byte[256];
        int warmUp = Math.max(10, records / 10);
        for (int i = 0; i < records + warmUp; i++) {
            long start = System.nanoTime();
            producer.send(new ProducerRecord<>(topic, payload)).get();
            awaitOne(consumer);
            if (i >= warmUp) {
                latencies.add(System.nanoTime() - start);
            }
        }
        return latencies;
    }

    private static void awaitOne(KafkaConsumer<byte[], byte[]> consumer) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> ignored : consumer.poll(Duration.ofMillis(1))) {
                return;
            }
        }
        throw new IllegalStateException("a record produced for the latency floor never arrived within 30 s");
    }
}
