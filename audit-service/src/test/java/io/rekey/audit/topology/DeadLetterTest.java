package io.rekey.audit.topology;

import static io.rekey.audit.AuditEvents.created;
import static io.rekey.audit.AuditEvents.used;
import static io.rekey.audit.topology.TopologyFixture.START;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rekey.audit.AuditEvents;
import io.rekey.events.EventEnvelope;
import io.rekey.events.dlq.DeadLetters;
import io.rekey.events.ids.KeyName;
import io.rekey.events.ids.KeyVersion;
import io.rekey.events.signing.SigningKeys;
import io.rekey.events.topics.TopicCatalogue;
import io.rekey.events.usage.KeyOperation;
import io.rekey.events.usage.UsageOutcome;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeadLetterTest {
    private static final KeyName KEY = KeyName.of("orders-key");
    private static final KeyVersion V1 = KeyVersion.random();

    @TempDir
    Path stateDir;

    private TopologyFixture audit;
    private TestOutputTopic<String, byte[]> keyEventsDlq;

    @BeforeEach
    void start() {
        audit = new TopologyFixture(stateDir);
        keyEventsDlq = audit.deadLetterTopic(TopicCatalogue.VAULT_KEY_EVENTS);
    }

    @AfterEach
    void stop() {
        audit.close();
    }

    @Test
    void given_garbage_when_processed_then_itIsParkedWithItsCoordinatesAndTheNextEventIsProcessed() {
        byte[] garbage = "{not json".getBytes(StandardCharsets.UTF_8);
        audit.keyEvents.pipeInput(KEY.value(), garbage, START);
        audit.keyEvent(audit.events.key(created(KEY, V1), START.plusSeconds(1)));

        TestRecord<String, byte[]> parked = keyEventsDlq.readRecord();
        assertArrayEquals(garbage, parked.value());
        Headers headers = parked.headers();
        assertEquals(TopicCatalogue.VAULT_KEY_EVENTS, DeadLetters.header(headers, DeadLetters.SOURCE_TOPIC));
        assertEquals("0", DeadLetters.header(headers, DeadLetters.SOURCE_OFFSET));
        assertEquals("0", DeadLetters.header(headers, DeadLetters.SOURCE_PARTITION));
        assertEquals("NOT_JSON", DeadLetters.header(headers, DeadLetters.REASON_CODE));
        assertEquals(1, audit.deadLetters.count(TopicCatalogue.VAULT_KEY_EVENTS));
        assertEquals(1, audit.queries.keyHistory(KEY.value()).orElseThrow().size());
        assertTrue(keyEventsDlq.isEmpty());
    }

    @Test
    void given_anUnsignedKeyEvent_when_signaturesAreRequired_then_itIsParked() {
        EventEnvelope unsigned = new AuditEvents(null).key(created(KEY, V1), START);
        audit.keyEvent(unsigned);

        assertEquals(
                "MISSING_SIGNATURE",
                DeadLetters.header(keyEventsDlq.readRecord().headers(), DeadLetters.REASON_CODE));
        assertTrue(audit.queries.keyHistory(KEY.value()).isEmpty());
    }

    @Test
    void given_aKeyEventSignedByAnotherKey_when_processed_then_itIsParked() {
        EventEnvelope forged = new AuditEvents(SigningKeys.generate().signer()).key(created(KEY, V1), START);
        audit.keyEvent(forged);

        assertEquals(
                "INVALID_SIGNATURE",
                DeadLetters.header(keyEventsDlq.readRecord().headers(), DeadLetters.REASON_CODE));
    }

    @Test
    void given_anEventOnTheWrongTopicOrUnderTheWrongKey_when_processed_then_itIsParked() {
        EventEnvelope use =
                audit.events.usage(used(KEY, V1, "storage", KeyOperation.WRAP, UsageOutcome.SUCCEEDED, START));
        audit.keyEvents.pipeInput(
                KEY.value(), audit.events.bytes(audit.vaultKeys.signer().sign(use)), START);
        audit.keyEvents.pipeInput("other-key", audit.events.bytes(audit.events.key(created(KEY, V1), START)), START);

        List<String> reasons = keyEventsDlq.readRecordsToList().stream()
                .map(r -> DeadLetters.header(r.headers(), DeadLetters.REASON_CODE))
                .toList();
        assertEquals(List.of("WRONG_TOPIC", "KEY_MISMATCH"), reasons);
    }

    @Test
    void given_aBadUsageRecord_when_processed_then_itIsParkedInTheUsageDeadLetters() {
        TestOutputTopic<String, byte[]> usageDlq = audit.deadLetterTopic(TopicCatalogue.VAULT_KEY_USAGE);
        audit.usage.pipeInput(KEY.value(), "[]".getBytes(StandardCharsets.UTF_8), START);
        audit.usage.pipeInput(KEY.value(), null, START);

        assertEquals(2, usageDlq.readRecordsToList().size());
        assertEquals(2, audit.deadLetters.count(TopicCatalogue.VAULT_KEY_USAGE));
    }
}
