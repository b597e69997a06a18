package io.rekey.events;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One event as it travels on Kafka, in the shape of a CloudEvents 1.0 event: {@code id}, {@code source}, {@code
 * type}, {@code subject}, {@code time} and {@code data}, plus three extension attributes: the schema version of the
 * data, the per-subject sequence number, and (on public key events) the producer's signature.
 *
 * @param sequence 1 for the first event about a subject, then one more for each later event about it; consumers use
 *     it to ignore what they have already applied.
 */
public record EventEnvelope(
        String id,
        URI source,
        EventType type,
        String subject,
        Instant time,
        int schemaVersion,
        long sequence,
        EventData data,
        EventSignature signature) {

    public static final String SPEC_VERSION = "1.0";

    public EventEnvelope {
        Require.text("id", id);
        Require.present("source", source);
        Require.present("type", type);
        Require.text("subject", subject);
        Require.present("time", time);
        Require.positive("schemaversion", schemaVersion);
        if (sequence < 1) {
            throw new IllegalArgumentException("field 'sequence' must be 1 or more");
        }
        Require.present("data", data);
        if (EventType.of(data) != type) {
            throw new IllegalArgumentException("type " + type.logicalName() + " does not match its data");
        }
        if (!subject.equals(data.subject())) {
            throw new IllegalArgumentException("subject '" + subject + "' does not match its data");
        }
    }

    /** A new unsigned event with a random id, stamped now. */
    public static EventEnvelope of(URI source, long sequence, EventData data, Instant time) {
        EventType type = Objects.requireNonNull(EventType.of(data), "data type is not in the closed list");
        return new EventEnvelope(
                UUID.randomUUID().toString(),
                source,
                type,
                data.subject(),
                time,
                type.schemaVersion(),
                sequence,
                data,
                null);
    }

    public EventEnvelope withSignature(EventSignature newSignature) {
        return new EventEnvelope(id, source, type, subject, time, schemaVersion, sequence, data, newSignature);
    }

    public EventEnvelope withoutSignature() {
        return withSignature(null);
    }

    public boolean isSigned() {
        return signature != null;
    }

    /** The data as the given record type, for a caller that has already switched on {@link #type()}. */
    public <T extends EventData> T dataAs(Class<T> dataClass) {
        return dataClass.cast(data);
    }

    @Override
    public String toString() {
        // Identity only: logs name events, never their payloads.
        return type.shortName() + "{id=" + id + ", subject=" + subject + ", sequence=" + sequence + "}";
    }
}
