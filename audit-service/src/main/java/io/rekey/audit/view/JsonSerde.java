package io.rekey.audit.view;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rekey.events.serde.EventJson;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * JSON serde for the audit views kept in state stores and internal topics. Only this service writes these bytes, so a
 * value that cannot be read means the store was written by an incompatible build: that is fatal, not bad data.
 */
public final class JsonSerde<T> implements Serde<T> {
    private static final ObjectMapper MAPPER = EventJson.mapper();

    private final Class<T> type;

    public JsonSerde(Class<T> type) {
        this.type = type;
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> {
            if (value == null) {
                return null;
            }
            try {
                return MAPPER.writeValueAsBytes(value);
            } catch (IOException e) {
                throw new SerializationException("could not write " + type.getSimpleName() + " as JSON", e);
            }
        };
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return MAPPER.readValue(bytes, type);
            } catch (IOException e) {
                throw new SerializationException(
                        "could not read " + type.getSimpleName() + " from " + topic
                                + "; the state was written by an incompatible build: reset the application's state",
                        e);
            }
        };
    }
}
