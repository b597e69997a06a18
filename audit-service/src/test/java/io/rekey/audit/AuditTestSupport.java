package io.rekey.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.rekey.events.EventEnvelope;
import io.rekey.events.serde.EventJson;
import io.rekey.service.config.Settings;
import io.rekey.testkit.KafkaCluster;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** What the broker tests share: settings for an audit instance, an HTTP client that waits out 503s, a producer. */
public final class AuditTestSupport {
    public static final String AUDITOR_TOKEN = "auditor-token-1";
    public static final String STORAGE_TOKEN = "storage-token-1";
    public static final Duration WAIT = Duration.ofSeconds(90);

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private AuditTestSupport() {}

    /** Settings for one audit instance of application {@code applicationId}, with one auditor and one other caller. */
    public static Map<String, String> settings(KafkaCluster kafka, String applicationId, Path stateDir) {
        Map<String, String> settings = new HashMap<>();
        settings.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        settings.put("kafka.session.timeout.ms", "6000");
        settings.put("kafka.heartbeat.interval.ms", "1000");
        settings.put("topics.partitions", "3");
        settings.put("audit.application.id", applicationId);
        settings.put("audit.state.dir", stateDir.toString());
        settings.put("audit.callers.auditor.token", AUDITOR_TOKEN);
        settings.put("audit.callers.auditor.permissions", "audit");
        settings.put("audit.callers.storage.token", STORAGE_TOKEN);
        settings.put("audit.callers.storage.permissions", "wrapKey,unwrapKey");
        return settings;
    }

    public static AuditService start(Map<String, String> settings) {
        return AuditService.start(Settings.of(settings));
    }

    public record Response(int status, JsonNode body, HttpResponse<String> raw) {
        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    public static Response get(String baseUrl, String pathAndQuery, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
                .timeout(Duration.ofSeconds(30))
                .GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body =
                    response.body().isEmpty() ? null : EventJson.mapper().readTree(response.body());
            return new Response(response.statusCode(), body, response);
        } catch (IOException e) {
            throw new IllegalStateException("GET " + pathAndQuery + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Asks until the answer is a 200 that satisfies {@code until}. A 503 must carry Retry-After; any other status but
     * 200 and 404 (not seen yet) fails at once.
     */
    public static Response await(String baseUrl, String pathAndQuery, Predicate<JsonNode> until) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Response last = null;
        while (System.nanoTime() < deadline) {
            last = get(baseUrl, pathAndQuery, AUDITOR_TOKEN);
            if (last.status() == 200 && until.test(last.body())) {
                return last;
            }
            if (last.status() == 503 && last.header("Retry-After") == null) {
                throw new AssertionError("503 without Retry-After from " + pathAndQuery);
            }
            if (last.status() != 200 && last.status() != 404 && last.status() != 503) {
                throw new AssertionError("GET " + pathAndQuery + " answered " + last.status() + ": " + last.body());
            }
            pause(100);
        }
        throw new AssertionError("GET " + pathAndQuery + " did not satisfy the condition within " + WAIT + "; last: "
                + (last == null ? "none" : last.status() + " " + last.body()));
    }

    public static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Publishes events as the vault and storage do: idempotent, acknowledged by all replicas, keyed by subject. */
    public static final class Publisher implements AutoCloseable {
        private final KafkaProducer<String, byte[]> producer;
        private final EventJson json = new EventJson();

        public Publisher(KafkaCluster kafka) {
            Map<String, Object> config = kafka.clientProperties();
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
            producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
        }

        public void send(String topic, EventEnvelope event) {
            sendRaw(topic, event.subject(), json.write(event));
        }

        public void sendRaw(String topic, String key, byte[] value) {
            producer.send(new ProducerRecord<>(topic, null, System.currentTimeMillis(), key, value));
        }

        /** Waits until everything sent so far is acknowledged. */
        public void flush() {
            producer.flush();
        }

        public RecordMetadata sendAndWait(String topic, EventEnvelope event) {
            try {
                return producer.send(new ProducerRecord<>(topic, event.subject(), json.write(event)))
                        .get(30, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("could not publish " + event, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }

        @Override
        public void close() {
            producer.close();
        }
    }
}
