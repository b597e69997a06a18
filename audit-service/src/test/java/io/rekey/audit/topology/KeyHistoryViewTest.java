package io.rekey.audit.topology;

import static io.rekey.audit.AuditEvents.created;
import static io.rekey.audit.AuditEvents.rotated;
import static io.rekey.audit.topology.TopologyFixture.START;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rekey.audit.view.HistoryEntry;
import io.rekey.events.EventEnvelope;
import io.rekey.events.ids.KeyName;
import io.rekey.events.ids.KeyVersion;
import io.rekey.events.key.KeyAttributesChanged;
import io.rekey.events.key.KeyDeleted;
import io.rekey.events.key.KeyRestored;
import io.rekey.events.key.KeyRevoked;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyHistoryViewTest {
    private static final KeyName KEY = KeyName.of("orders-key");
    private static final KeyVersion V1 = KeyVersion.random();
    private static final KeyVersion V2 = KeyVersion.random();

    @TempDir
    Path stateDir;

    private TopologyFixture audit;

    @BeforeEach
    void start() {
        audit = new TopologyFixture(stateDir);
    }

    @AfterEach
    void stop() {
        audit.close();
    }

    @Test
    void given_aKeysLifecycle_when_queried_then_historyListsEveryStepInOrder() {
        audit.keyEvent(audit.events.key(created(KEY, V1), START));
        audit.keyEvent(audit.events.key(rotated(KEY, V1, V2), START.plusSeconds(60)));
        audit.keyEvent(audit.events.key(
                new KeyAttributesChanged(KEY, V1, false, null, null, Map.of("env", "prod"), List.of()),
                START.plusSeconds(90)));
        audit.keyEvent(audit.events.key(KeyRevoked.wholeKey(KEY, "suspected leak"), START.plusSeconds(120)));
        audit.keyEvent(audit.events.key(KeyRestored.wholeKey(KEY), START.plusSeconds(180)));
        audit.keyEvent(audit.events.key(new KeyDeleted(KEY, START.plus(Duration.ofDays(90))), START.plusSeconds(240)));

        List<HistoryEntry> history = audit.queries.keyHistory(KEY.value()).orElseThrow();

        assertEquals(
                List.of("KeyCreated", "KeyRotated", "KeyAttributesChanged", "KeyRevoked", "KeyRestored", "KeyDeleted"),
                history.stream().map(HistoryEntry::type).toList());
        assertEquals(
                List.of(1L, 2L, 3L, 4L, 5L, 6L),
                history.stream().map(HistoryEntry::sequence).toList());
        assertEquals(V2.value(), history.get(1).text("version"));
        assertEquals("suspected leak", history.get(3).text("reason"));
        assertEquals(START.plusSeconds(120), history.get(3).time());
        assertTrue(
                history.get(0).data().get("publicKey").get("n") == null,
                "the public modulus is not worth keeping in the audit history");
    }

    @Test
    void given_theSameEventTwice_when_queried_then_itIsListedOnce() {
        EventEnvelope created = audit.events.key(created(KEY, V1), START);
        audit.keyEvent(created);
        audit.keyEvent(created);

        assertEquals(1, audit.queries.keyHistory(KEY.value()).orElseThrow().size());
    }

    @Test
    void given_noEvents_when_queried_then_theKeyIsUnknown() {
        assertTrue(audit.queries.keyHistory("never-seen").isEmpty());
    }
}
