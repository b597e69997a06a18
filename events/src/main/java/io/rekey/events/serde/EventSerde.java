package io.rekey.events.serde;

import io.rekey.events.EventEnvelope;
import io.rekey.events.MalformedEventException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serde for events. The deserializer reports bad records as a {@link SerializationException} whose cause is the
 * {@link MalformedEventException}, which is what Kafka Streams' deserialization handlers and consumers expect.
 */
public final class EventSerde implements Serde<EventEnvelope> {
    private final EventJson json;

    public EventSerde() {
        this(new EventJson());
    }

    public EventSerde(EventJson json) {
        this.json = json;
    }

    @Override
    public Serializer<EventEnvelope> serializer() {
        return (topic, event) -> event == null ? null : json.write(event);
    }

    @Override
    public Deserializer<EventEnvelope> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return json.read(bytes);
            } catch (MalformedEventException e) {
                throw new SerializationException("record on " + topic + " is not a usable event: " + e.getMessage(), e);
            }
        };
    }
}
