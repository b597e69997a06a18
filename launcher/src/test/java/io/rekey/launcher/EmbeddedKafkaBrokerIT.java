package io.rekey.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rekey.testkit.TestRecords;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerIT {

    @TempDir
    Path directory;

    @Test
    void given_recordWrittenBeforeClose_when_brokerStartsAgainOnSameDirectory_then_recordIsRead() throws Exception {
        String topic = "survives-restart";
        int firstPort;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(directory)) {
            firstPort = broker.port();
            Map<String, Object> client = clientProperties(broker);
            try (Admin admin = Admin.create(client)) {
                admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1)))
                        .all()
                        .get(30, TimeUnit.SECONDS);
            }
            TestRecords.produce(client, topic, "key", "written-before-restart");
        }

        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(directory)) {
            assertEquals(firstPort, broker.port(), "a restart keeps the bootstrap address");
            List<ConsumerRecord<String, String>> records =
                    TestRecords.consume(clientProperties(broker), topic, 1, Duration.ofSeconds(60));
            assertEquals(
                    List.of("written-before-restart"),
                    records.stream().map(ConsumerRecord::value).collect(Collectors.toList()));
        }
    }

    private static Map<String, Object> clientProperties(EmbeddedKafkaBroker broker) {
        return Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    }
}
