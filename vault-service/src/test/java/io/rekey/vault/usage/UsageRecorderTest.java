package io.rekey.vault.usage;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rekey.events.ids.CallerId;
import io.rekey.events.ids.KeyName;
import io.rekey.events.signing.SigningKeys;
import io.rekey.events.usage.KeyOperation;
import io.rekey.events.usage.KeyUsed;
import io.rekey.events.usage.UsageOutcome;
import io.rekey.service.kafka.KafkaClients;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class UsageRecorderTest {

    @Test
    void record_whenKafkaIsUnreachableAndQueueFull_dropsAndCountsWithoutBlocking() throws Exception {
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        }
        Map<String, Object> config =
                KafkaClients.forBootstrap("127.0.0.1:" + deadPort).producer("usage-test");
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 300);
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config);
        KeyUsed used = new KeyUsed(
                KeyName.of("k"),
                null,
                KeyOperation.UNWRAP,
                "RSA-OAEP-256",
                CallerId.of("app"),
                UsageOutcome.SUCCEEDED,
                null,
                Instant.now());
        try (UsageRecorder recorder = new UsageRecorder(
                producer, SigningKeys.generate().signer(), URI.create("urn:test"), 4, Duration.ofMillis(200))) {
            long start = System.nanoTime();
            for (int i = 0; i < 10_000; i++) {
                recorder.record(used);
            }
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(elapsedMillis < 1_000, "recording took " + elapsedMillis + " ms");
            assertTrue(recorder.dropped() >= 10_000 - 4 - 2, "dropped " + recorder.dropped());
        }
    }
}
