package io.rekey.audit.view;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rekey.events.EventEnvelope;
import io.rekey.events.serde.EventJson;
import java.time.Instant;

/**
 * One fact in the history of a key or an account, as the audit keeps it: the envelope's identity and the event data.
 * Bulky parts that say nothing to an auditor (a public key's modulus, a wrapped AEK's ciphertext) are left out.
 */
public record HistoryEntry(long sequence, String eventId, String type, Instant time, String source, JsonNode data) {

    public static HistoryEntry of(EventEnvelope event) {
        ObjectNode data = EventJson.mapper().valueToTree(event.data());
        slim(data);
        return new HistoryEntry(
                event.sequence(),
                event.id(),
                event.type().shortName(),
                event.time(),
                event.source().toString(),
                data);
    }

    private static void slim(ObjectNode data) {
        data.remove("wrappedAek");
        if (data.get("publicKey") instanceof ObjectNode publicKey) {
            publicKey.remove("n");
            publicKey.remove("e");
        }
        if (data.get("encryption") instanceof ObjectNode encryption) {
            encryption.remove("wrappedAek");
        }
    }

    /** A text field of the data, or null. */
    public String text(String field) {
        JsonNode value = data == null ? null : data.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
