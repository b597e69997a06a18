package io.rekey.events.dlq;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parks records a consumer cannot use in {@code <topic>.dlq}, unchanged, with where they came from and why in headers,
 * so an operator can inspect and replay them. The send is awaited: a consumer commits past a bad record only once the
 * record is safely parked.
 */
public final class DeadLetters {
    public static final String SOURCE_TOPIC = "rekey.dlq.source.topic";
    public static final String SOURCE_PARTITION = "rekey.dlq.source.partition";
    public static final String SOURCE_OFFSET = "rekey.dlq.source.offset";
    public static final String REASON_CODE = "rekey.dlq.reason.code";
    public static final String REASON = "rekey.dlq.reason";
    public static final String CONSUMER = "rekey.dlq.consumer";
    public static final String PARKED_AT = "rekey.dlq.parked.at";

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);
    private static final long SEND_TIMEOUT_SECONDS = 30;

    private final Producer<byte[], byte[]> producer;
    private final String consumerName;
    private final Clock clock;
    private final AtomicLong parked = new AtomicLong();

    public DeadLetters(Producer<byte[], byte[]> producer, String consumerName, Clock clock) {
        this.producer = producer;
        this.consumerName = consumerName;
        this.clock = clock;
    }

    public static String topicFor(String sourceTopic) {
        return sourceTopic + ".dlq";
    }

    /**
     * Parks the record. The reason must be written by Rekey itself (never copied from the payload), since headers are
     * readable by anyone who can read the topic.
     */
    public void park(ConsumerRecord<byte[], byte[]> record, String reasonCode, String reason) {
        ProducerRecord<byte[], byte[]> parkedRecord =
                new ProducerRecord<>(topicFor(record.topic()), null, record.key(), record.value());
        copyHeaders(record.headers(), parkedRecord.headers());
        Headers headers = parkedRecord.headers();
        put(headers, SOURCE_TOPIC, record.topic());
        put(headers, SOURCE_PARTITION, Integer.toString(record.partition()));
        put(headers, SOURCE_OFFSET, Long.toString(record.offset()));
        put(headers, REASON_CODE, reasonCode);
        put(headers, REASON, reason);
        put(headers, CONSUMER, consumerName);
        put(headers, PARKED_AT, clock.instant().toString());
        send(parkedRecord);
        parked.incrementAndGet();
        log.warn(
                "Parked record {}-{}@{} in {}: {} ({})",
                record.topic(),
                record.partition(),
                record.offset(),
                topicFor(record.topic()),
                reasonCode,
                reason);
    }

    /** How many records this instance has parked since it started. */
    public long parkedCount() {
        return parked.get();
    }

    private void send(ProducerRecord<byte[], byte[]> record) {
        try {
            producer.send(record).get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new DeadLetterException("could not park a record in " + record.topic() + "; will retry", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeadLetterException("interrupted while parking a record in " + record.topic(), e);
        }
    }

    private static void copyHeaders(Headers from, Headers to) {
        from.forEach(header -> to.add(header.key(), header.value()));
    }

    private static void put(Headers headers, String key, String value) {
        headers.remove(key);
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }

    public static String header(Headers headers, String key) {
        var header = headers.lastHeader(key);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
