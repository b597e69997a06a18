package io.rekey.audit.topology;

import io.rekey.events.EventData;
import io.rekey.events.EventEnvelope;
import io.rekey.events.MalformedEventException;
import io.rekey.events.dlq.DeadLetters;
import io.rekey.events.serde.EventJson;
import io.rekey.events.signing.EventVerifier;
import io.rekey.events.usage.KeyUsed;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the raw bytes of a source record into an event, or marks it for the dead-letter topic with its source
 * coordinates and the reason in headers. Decoding inside the topology (rather than in a deserialization handler) puts
 * the dead-letter write in the same transaction as the offsets, so a rejected record is parked exactly once.
 *
 * <p>Usage records are re-stamped with the time of use they carry, so the windows count uses when they happened, not
 * when they reached Kafka.
 */
final class EventDecoder implements FixedKeyProcessor<String, byte[], Decoded> {
    static final String WRONG_TOPIC = "WRONG_TOPIC";
    static final String KEY_MISMATCH = "KEY_MISMATCH";

    private static final Logger log = LoggerFactory.getLogger(EventDecoder.class);

    private final SourceRules rules;
    private final DeadLetterCounts counts;
    private final Clock clock;
    private final EventJson json = new EventJson();
    private FixedKeyProcessorContext<String, Decoded> context;

    /**
     * What a source topic may hold.
     *
     * @param verifier checks signatures when present; absent means records are read unverified
     */
    record SourceRules(String topic, Class<? extends EventData> dataType, Optional<EventVerifier> verifier) {}

    EventDecoder(SourceRules rules, DeadLetterCounts counts, Clock clock) {
        this.rules = rules;
        this.counts = counts;
        this.clock = clock;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Decoded> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, byte[]> record) {
        EventEnvelope event;
        try {
            event = decode(record.value());
        } catch (MalformedEventException e) {
            reject(record, e.reason().name(), describe(e.reason()));
            return;
        }
        if (!rules.dataType().isInstance(event.data())) {
            reject(record, WRONG_TOPIC, event.type().shortName() + " does not belong on " + rules.topic());
            return;
        }
        if (!event.subject().equals(record.key())) {
            reject(
                    record,
                    KEY_MISMATCH,
                    "the record key is not the event's subject, so it would land on the wrong" + " partition's view");
            return;
        }
        FixedKeyRecord<String, Decoded> accepted = record.withValue(Decoded.accepted(event));
        if (event.data() instanceof KeyUsed use) {
            accepted = accepted.withTimestamp(use.at().toEpochMilli());
        }
        context.forward(accepted);
    }

    private EventEnvelope decode(byte[] value) {
        if (value == null) {
            throw new MalformedEventException(MalformedEventException.Reason.NOT_JSON, "record has no value");
        }
        return rules.verifier().isPresent() ? rules.verifier().get().readVerified(value) : json.read(value);
    }

    private void reject(FixedKeyRecord<String, byte[]> record, String reasonCode, String reason) {
        Optional<RecordMetadata> source = context.recordMetadata();
        String partition = source.map(m -> Integer.toString(m.partition())).orElse("unknown");
        String offset = source.map(m -> Long.toString(m.offset())).orElse("unknown");
        Headers headers = new RecordHeaders(record.headers().toArray());
        put(headers, DeadLetters.SOURCE_TOPIC, rules.topic());
        put(headers, DeadLetters.SOURCE_PARTITION, partition);
        put(headers, DeadLetters.SOURCE_OFFSET, offset);
        put(headers, DeadLetters.REASON_CODE, reasonCode);
        put(headers, DeadLetters.REASON, reason);
        put(headers, DeadLetters.CONSUMER, "audit-service");
        put(headers, DeadLetters.PARKED_AT, clock.instant().toString());
        counts.increment(rules.topic());
        log.warn(
                "Parking record {}-{}@{} in {}: {} ({})",
                rules.topic(),
                partition,
                offset,
                DeadLetters.topicFor(rules.topic()),
                reasonCode,
                reason);
        context.forward(record.withValue(Decoded.rejected(record.value())).withHeaders(headers));
    }

    private static void put(Headers headers, String key, String value) {
        headers.remove(key);
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }

    /** Reasons are written by the service, never copied from the payload, since headers are readable by anyone. */
    private static String describe(MalformedEventException.Reason reason) {
        return switch (reason) {
            case NOT_JSON -> "the record is not a JSON event";
            case OVERSIZED -> "the record is over the size limit for events";
            case UNSUPPORTED_SPEC_VERSION -> "the record is not a CloudEvents 1.0 event";
            case UNKNOWN_TYPE -> "the event type is not one of the known Rekey event types";
            case UNSUPPORTED_SCHEMA_VERSION -> "the event's schema version is newer than this reader";
            case MISSING_FIELD -> "a required field of the event is missing";
            case INVALID_FIELD -> "a field of the event has an invalid value";
            case MISSING_SIGNATURE -> "the key event is not signed";
            case INVALID_SIGNATURE -> "the key event's signature does not verify against the configured vault key";
        };
    }
}
