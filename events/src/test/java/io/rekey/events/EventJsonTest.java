package io.rekey.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rekey.events.MalformedEventException.Reason;
import io.rekey.events.key.KeyRotated;
import io.rekey.events.serde.EventJson;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EventJsonTest {
    private final EventJson json = new EventJson();

    @Test
    void sampleEvents_coverEveryType() {
        assertEquals(EventType.values().length, SampleEvents.oneOfEach().size());
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void roundTrip_everyType_isEqual(EventType type) {
        EventEnvelope event = SampleEvents.envelope(SampleEvents.oneOfEach().get(type));

        EventEnvelope read = json.read(json.write(event));

        assertEquals(event, read);
        assertEquals(type, read.type());
    }

    @Test
    void write_usesCloudEventsAttributeNames() {
        ObjectNode tree =
                json.toTree(SampleEvents.envelope(SampleEvents.oneOfEach().get(EventType.KEY_ROTATED)));

        for (String attribute : new String[] {"specversion", "id", "source", "type", "subject", "time", "data"}) {
            assertTrue(tree.has(attribute), "missing CloudEvents attribute " + attribute);
        }
        assertEquals("1.0", tree.get("specversion").textValue());
        assertEquals("io.rekey.vault.KeyRotated", tree.get("type").textValue());
        assertEquals(7, tree.get("sequence").intValue());
        assertEquals(1, tree.get("schemaversion").intValue());
    }

    @Test
    void read_notJson_isRefusedAsNotJson() {
        MalformedEventException e = assertThrows(
                MalformedEventException.class, () -> json.read("not json {".getBytes(StandardCharsets.UTF_8)));

        assertEquals(Reason.NOT_JSON, e.reason());
    }

    @Test
    void read_unknownType_isRefusedWithItsName() {
        byte[] record = replaceType("io.rekey.vault.KeyExploded");

        MalformedEventException e = assertThrows(MalformedEventException.class, () -> json.read(record));

        assertEquals(Reason.UNKNOWN_TYPE, e.reason());
        assertTrue(e.getMessage().contains("io.rekey.vault.KeyExploded"), e.getMessage());
    }

    @Test
    void read_javaClassNameAsType_isRefusedAsUnknownType() {
        for (String className : new String[] {KeyRotated.class.getName(), "java.lang.ProcessBuilder"}) {
            MalformedEventException e =
                    assertThrows(MalformedEventException.class, () -> json.read(replaceType(className)));

            assertEquals(Reason.UNKNOWN_TYPE, e.reason());
        }
    }

    @Test
    void read_missingKeyVersion_isRefusedNotDefaulted() {
        ObjectNode tree = rotatedTree();
        ((ObjectNode) tree.get("data")).remove("version");

        MalformedEventException e = assertThrows(MalformedEventException.class, () -> json.read(bytes(tree)));

        assertEquals(Reason.MISSING_FIELD, e.reason());
        assertTrue(e.getMessage().contains("version"), e.getMessage());
    }

    @Test
    void read_missingPrimitiveField_isRefusedNotZero() {
        ObjectNode tree = rotatedTree();
        ((ObjectNode) tree.get("data")).remove("keySize");

        MalformedEventException e = assertThrows(MalformedEventException.class, () -> json.read(bytes(tree)));

        assertEquals(Reason.MISSING_FIELD, e.reason());
    }

    @Test
    void read_missingSequence_isRefused() {
        ObjectNode tree = rotatedTree();
        tree.remove("sequence");

        MalformedEventException e = assertThrows(MalformedEventException.class, () -> json.read(bytes(tree)));

        assertEquals(Reason.MISSING_FIELD, e.reason());
    }

    @Test
    void read_invalidVersionValue_isRefusedAsInvalid() {
        ObjectNode tree = rotatedTree();
        ((ObjectNode) tree.get("data")).put("version", "../../etc/passwd");

        MalformedEventException e = assertThrows(MalformedEventException.class, () -> json.read(bytes(tree)));

        assertEquals(Reason.INVALID_FIELD, e.reason());
    }

    @Test
    void read_extraUnknownFields_areAccepted() {
        ObjectNode tree = rotatedTree();
        tree.put("futureattribute", "x");
        ((ObjectNode) tree.get("data")).put("futureField", 42);

        EventEnvelope read = json.read(bytes(tree));

        assertEquals(EventType.KEY_ROTATED, read.type());
    }

    @Test
    void read_newerSchemaVersion_isRefusedWithUpgradeHint() {
        ObjectNode tree = rotatedTree();
        tree.put("schemaversion", 99);

        MalformedEventException e = assertThrows(MalformedEventException.class, () -> json.read(bytes(tree)));

        assertEquals(Reason.UNSUPPORTED_SCHEMA_VERSION, e.reason());
        assertTrue(e.getMessage().contains("upgrade"), e.getMessage());
    }

    @Test
    void read_subjectNotMatchingData_isRefused() {
        ObjectNode tree = rotatedTree();
        tree.put("subject", "another-key");

        MalformedEventException e = assertThrows(MalformedEventException.class, () -> json.read(bytes(tree)));

        assertEquals(Reason.INVALID_FIELD, e.reason());
    }

    @Test
    void read_oversizedRecord_isRefusedBeforeParsing() {
        byte[] huge = new byte[EventJson.DEFAULT_MAX_RECORD_BYTES + 1];
        Arrays.fill(huge, (byte) ' ');

        MalformedEventException e = assertThrows(MalformedEventException.class, () -> json.read(huge));

        assertEquals(Reason.OVERSIZED, e.reason());
    }

    @Test
    void read_emptyRecord_isRefusedAsNotJson() {
        MalformedEventException e = assertThrows(MalformedEventException.class, () -> json.read(new byte[0]));

        assertEquals(Reason.NOT_JSON, e.reason());
    }

    private ObjectNode rotatedTree() {
        return json.toTree(SampleEvents.envelope(SampleEvents.oneOfEach().get(EventType.KEY_ROTATED)));
    }

    private byte[] replaceType(String type) {
        ObjectNode tree = rotatedTree();
        tree.put("type", type);
        return bytes(tree);
    }

    private static byte[] bytes(ObjectNode tree) {
        return tree.toString().getBytes(StandardCharsets.UTF_8);
    }
}
