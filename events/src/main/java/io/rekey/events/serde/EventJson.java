package io.rekey.events.serde;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.rekey.events.EventData;
import io.rekey.events.EventEnvelope;
import io.rekey.events.EventSignature;
import io.rekey.events.EventType;
import io.rekey.events.MalformedEventException;
import io.rekey.events.MalformedEventException.Reason;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Reads and writes events in the CloudEvents JSON format. Reading is strict where it matters and lenient where it
 * helps: unknown fields are ignored so producers can add fields, but a missing required field is an error and never a
 * default, and the type is looked up in the closed {@link EventType} list only. Default typing is never enabled.
 */
public final class EventJson {
    /** Records larger than this are refused before parsing. */
    public static final int DEFAULT_MAX_RECORD_BYTES = 256 * 1024;

    static final String SPECVERSION = "specversion";
    static final String ID = "id";
    static final String SOURCE = "source";
    static final String TYPE = "type";
    static final String SUBJECT = "subject";
    static final String TIME = "time";
    static final String DATACONTENTTYPE = "datacontenttype";
    static final String DATA = "data";
    static final String SCHEMAVERSION = "schemaversion";
    static final String SEQUENCE = "sequence";
    static final String SIGNATURE = "signature";
    static final String SIGNATUREKEYID = "signaturekeyid";

    private static final ObjectMapper MAPPER = newMapper();
    private static final ObjectMapper CANONICAL = newMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
            .configure(JsonNodeFeature.WRITE_PROPERTIES_SORTED, true);

    private final int maxRecordBytes;

    public EventJson() {
        this(DEFAULT_MAX_RECORD_BYTES);
    }

    public EventJson(int maxRecordBytes) {
        this.maxRecordBytes = maxRecordBytes;
    }

    /** The mapper every service uses for event data and API bodies: ISO-8601 times, no class names, strict creators. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    private static ObjectMapper newMapper() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .serializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                .build();
    }

    public byte[] write(EventEnvelope event) {
        try {
            return MAPPER.writeValueAsBytes(toTree(event));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event " + event + " could not be written as JSON", e);
        }
    }

    public EventEnvelope read(byte[] bytes) {
        return fromTree(parse(bytes));
    }

    /** Parses the raw record into a JSON object, refusing oversized and non-JSON input. */
    public ObjectNode parse(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new MalformedEventException(Reason.NOT_JSON, "record has no value; expected a JSON event");
        }
        if (bytes.length > maxRecordBytes) {
            throw new MalformedEventException(
                    Reason.OVERSIZED,
                    "record of " + bytes.length + " bytes is over the limit of " + maxRecordBytes + " bytes");
        }
        try {
            JsonNode node = MAPPER.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw new MalformedEventException(Reason.NOT_JSON, "record is not a JSON object");
            }
            return (ObjectNode) node;
        } catch (IOException e) {
            throw new MalformedEventException(Reason.NOT_JSON, "record is not valid JSON", e);
        }
    }

    /** The bytes a signature covers: every attribute but the signature ones, keys sorted, no white space. */
    public byte[] canonicalBytes(ObjectNode event) {
        ObjectNode unsigned = event.deepCopy();
        unsigned.remove(SIGNATURE);
        unsigned.remove(SIGNATUREKEYID);
        try {
            return CANONICAL.writeValueAsBytes(unsigned);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event could not be written in canonical form", e);
        }
    }

    public ObjectNode toTree(EventEnvelope event) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put(SPECVERSION, EventEnvelope.SPEC_VERSION);
        node.put(ID, event.id());
        node.put(SOURCE, event.source().toString());
        node.put(TYPE, event.type().logicalName());
        node.put(SUBJECT, event.subject());
        node.put(TIME, event.time().toString());
        node.put(DATACONTENTTYPE, "application/json");
        node.put(SCHEMAVERSION, event.schemaVersion());
        node.put(SEQUENCE, event.sequence());
        node.set(DATA, MAPPER.valueToTree(event.data()));
        if (event.signature() != null) {
            node.put(SIGNATUREKEYID, event.signature().keyId());
            node.put(SIGNATURE, event.signature().value());
        }
        return node;
    }

    public EventEnvelope fromTree(ObjectNode node) {
        String specVersion = text(node, SPECVERSION);
        if (!EventEnvelope.SPEC_VERSION.equals(specVersion)) {
            throw new MalformedEventException(
                    Reason.UNSUPPORTED_SPEC_VERSION,
                    "specversion '" + specVersion + "' is not supported; expected 1.0");
        }
        EventType type = type(text(node, TYPE));
        int schemaVersion = integer(node, SCHEMAVERSION);
        if (schemaVersion > type.schemaVersion()) {
            throw new MalformedEventException(
                    Reason.UNSUPPORTED_SCHEMA_VERSION,
                    type.shortName() + " schema version " + schemaVersion + " is newer than this reader's "
                            + type.schemaVersion() + "; upgrade the consumer");
        }
        try {
            return new EventEnvelope(
                    text(node, ID),
                    uri(text(node, SOURCE)),
                    type,
                    text(node, SUBJECT),
                    instant(text(node, TIME)),
                    schemaVersion,
                    longInteger(node, SEQUENCE),
                    data(node, type),
                    signature(node));
        } catch (IllegalArgumentException e) {
            throw new MalformedEventException(Reason.INVALID_FIELD, "event is not valid: " + e.getMessage(), e);
        }
    }

    private static EventType type(String logicalName) {
        return EventType.fromLogicalName(logicalName)
                .orElseThrow(() -> new MalformedEventException(
                        Reason.UNKNOWN_TYPE,
                        "event type '" + printable(logicalName) + "' is not one of the known Rekey event types"));
    }

    private static EventData data(ObjectNode node, EventType type) {
        JsonNode data = node.get(DATA);
        if (data == null || !data.isObject()) {
            throw missing(DATA);
        }
        try {
            return MAPPER.treeToValue(data, type.dataClass());
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new MalformedEventException(
                    Reason.INVALID_FIELD, type.shortName() + " data is not valid: " + cause.getMessage(), e);
        } catch (InvalidFormatException e) {
            throw new MalformedEventException(
                    Reason.INVALID_FIELD, type.shortName() + " data has a bad value at " + path(e), e);
        } catch (MismatchedInputException e) {
            throw new MalformedEventException(
                    Reason.MISSING_FIELD, type.shortName() + " data is missing or mistyped at " + path(e), e);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new MalformedEventException(Reason.INVALID_FIELD, type.shortName() + " data is not valid", e);
        }
    }

    private static String path(MismatchedInputException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .reduce((a, b) -> a + "." + b)
                .orElse("(root)");
        return "'" + path + "'";
    }

    private static EventSignature signature(ObjectNode node) {
        JsonNode value = node.get(SIGNATURE);
        JsonNode keyId = node.get(SIGNATUREKEYID);
        if (value == null && keyId == null) {
            return null;
        }
        return new EventSignature(text(node, SIGNATUREKEYID), text(node, SIGNATURE));
    }

    private static String text(ObjectNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw missing(field);
        }
        if (!value.isTextual()) {
            throw new MalformedEventException(Reason.INVALID_FIELD, "attribute '" + field + "' must be a string");
        }
        return value.textValue();
    }

    private static int integer(ObjectNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw missing(field);
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber()) {
            throw new MalformedEventException(Reason.INVALID_FIELD, "attribute '" + field + "' must be an integer");
        }
        return value.intValue();
    }

    private static long longInteger(ObjectNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw missing(field);
        }
        if (!value.canConvertToLong() || !value.isIntegralNumber()) {
            throw new MalformedEventException(Reason.INVALID_FIELD, "attribute '" + field + "' must be an integer");
        }
        return value.longValue();
    }

    private static URI uri(String value) {
        try {
            return new URI(value);
        } catch (URISyntaxException e) {
            throw new MalformedEventException(Reason.INVALID_FIELD, "attribute 'source' is not a URI reference");
        }
    }

    private static Instant instant(String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new MalformedEventException(Reason.INVALID_FIELD, "attribute 'time' is not an RFC 3339 time");
        }
    }

    private static MalformedEventException missing(String field) {
        return new MalformedEventException(Reason.MISSING_FIELD, "required attribute '" + field + "' is missing");
    }

    private static String printable(String value) {
        String clipped = value.length() > 80 ? value.substring(0, 80) + "..." : value;
        return clipped.replaceAll("\\p{Cntrl}", "?");
    }

    static {
        // Bound nesting and string sizes so a hostile record cannot exhaust memory while being parsed.
        MAPPER.getFactory()
                .setStreamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(64)
                        .maxStringLength(DEFAULT_MAX_RECORD_BYTES)
                        .build());
    }
}
