package io.rekey.vault;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.rekey.events.serde.EventJson;
import io.rekey.service.config.Settings;
import io.rekey.vault.crypto.KeyBytes;
import io.rekey.vault.crypto.RootKey;
import io.rekey.vault.keys.KeyState;
import io.rekey.vault.store.JournalCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What the vault integration tests share: settings for a vault on the test cluster, an HTTP client, and readers of the
 * vault's topics. Every vault started here on the shared cluster uses the same root key, because they all share one
 * journal topic and each one rebuilds from all of it.
 */
final class VaultFixture {
    static final String ADMIN_TOKEN = "admin-token-" + UUID.randomUUID();
    static final String READER_TOKEN = "reader-token-" + UUID.randomUUID();
    static final String APP_TOKEN = "app-token-" + UUID.randomUUID();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    private static Path sharedRootKey;

    private VaultFixture() {}

    static synchronized Path sharedRootKey() {
        if (sharedRootKey == null) {
            try {
                Path dir = Files.createTempDirectory("vault-root");
                sharedRootKey = dir.resolve("root.key");
                KeyBytes.createRootKeyFile(sharedRootKey);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return sharedRootKey;
    }

    /** Settings for a vault on this cluster with three callers: admin (all), reader (get, list), app (use keys). */
    static Settings settings(String bootstrap, Path dataDir, Path rootKey, String transactionalId) {
        Map<String, String> values = new HashMap<>();
        values.put("kafka.bootstrap.servers", bootstrap);
        values.put("vault.data.dir", dataDir.toString());
        values.put("vault.root.key.file", rootKey.toString());
        values.put("vault.transactional.id", transactionalId);
        values.put("vault.callers.admin.token", ADMIN_TOKEN);
        values.put("vault.callers.admin.permissions", "all");
        values.put("vault.callers.reader.token", READER_TOKEN);
        values.put("vault.callers.app.token", APP_TOKEN);
        values.put("vault.callers.app.permissions", "get,wrap,unwrap");
        values.put("vault.http.max.request.bytes", "16384");
        values.put("vault.rotation.check.interval", "1h");
        values.put("vault.ownership.check.interval", "300ms");
        values.put("topics.partitions", "3");
        // These tests call the vault over plain HTTP; the TLS tests set the vault.tls.* settings instead.
        values.put("vault.http.plaintext", "true");
        return Settings.of(values);
    }

    record Response(int status, JsonNode body, HttpResponse<String> raw) {
        String code() {
            return body.path("error").path("code").asText();
        }

        Response expect(int expected) {
            assertEquals(expected, status, () -> "unexpected status; body: " + raw.body());
            return this;
        }

        Response expectError(int expected, String code) {
            expect(expected);
            assertEquals(code, code(), () -> "unexpected error code; body: " + raw.body());
            return this;
        }
    }

    static Response call(VaultService vault, String method, String path, String token, String body) {
        String separator = path.contains("?") ? "&" : "?";
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(vault.baseUrl() + path + separator + "api-version=7.5"))
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = response.body() == null || response.body().isEmpty()
                    ? EventJson.mapper().createObjectNode()
                    : EventJson.mapper().readTree(response.body());
            return new Response(response.statusCode(), json, response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Every committed record of a topic, read from the beginning to its current end. */
    static List<ConsumerRecord<byte[], byte[]>> readAll(Map<String, Object> clientProperties, String topic) {
        Map<String, Object> config = new HashMap<>(clientProperties);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                boolean done = true;
                for (TopicPartition partition : partitions) {
                    done &= consumer.position(partition) >= end.get(partition);
                }
                if (done) {
                    break;
                }
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            }
        }
        return records;
    }

    /** The latest journal state of a key, opened with the root key: how tests reach a vault-made private key. */
    static Optional<KeyState> journalState(Map<String, Object> clientProperties, Path rootKeyFile, String keyName) {
        try {
            JournalCodec codec = new JournalCodec(new RootKey(KeyBytes.readRootKeyFile(rootKeyFile)));
            KeyState found = null;
            for (ConsumerRecord<byte[], byte[]> record : readAll(clientProperties, "vault.journal")) {
                if (record.value() != null && keyName.equals(new String(record.key()))) {
                    found = codec.decode(record.value());
                }
            }
            return Optional.ofNullable(found);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void waitUntil(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting until " + what);
            }
        }
    }

    static String uniqueKey(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
