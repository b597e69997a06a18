package io.rekey.vault.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rekey.events.ids.CallerId;
import io.rekey.events.ids.KeyName;
import io.rekey.events.key.KeyAttributesChanged;
import io.rekey.events.key.KeyCreated;
import io.rekey.events.key.KeyDeleted;
import io.rekey.events.key.KeyEvent;
import io.rekey.events.key.KeyOrigin;
import io.rekey.events.key.KeyPurged;
import io.rekey.events.key.KeyRecovered;
import io.rekey.events.key.KeyRestored;
import io.rekey.events.key.KeyRevoked;
import io.rekey.events.key.KeyRotated;
import io.rekey.events.key.RevocationScope;
import io.rekey.events.key.RotationTrigger;
import io.rekey.service.http.ApiException;
import io.rekey.vault.crypto.KeyMaterial;
import io.rekey.vault.crypto.RsaCrypto;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyAggregateTest {
    private static final KeyMaterial MATERIAL = RsaCrypto.generate(2048);
    private static final KeyName NAME = KeyName.of("orders");
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final CallerId STORAGE = CallerId.of("storage");

    private final KeyAggregate aggregate =
            new KeyAggregate((name, version) -> "http://vault/keys/" + name + "/" + version);

    private KeyState run(KeyState state, KeyCommand command, List<KeyEvent> sink) {
        List<KeyEvent> events = aggregate.decide(state, command, NOW);
        sink.addAll(events);
        return aggregate.evolveAll(state, events, command, NOW);
    }

    private KeyCommand.CreateKey create() {
        return new KeyCommand.CreateKey(
                NAME,
                "RSA",
                List.of("wrapKey", "unwrapKey"),
                true,
                null,
                null,
                Map.of("team", "a"),
                KeyOrigin.GENERATED,
                MATERIAL);
    }

    private KeyState created(List<KeyEvent> sink) {
        return run(KeyState.absent(NAME), create(), sink);
    }

    @Test
    void create_onAbsentKey_yieldsKeyCreatedAndFirstVersion() {
        List<KeyEvent> events = new java.util.ArrayList<>();
        KeyState state = created(events);
        KeyCreated created = assertInstanceOf(KeyCreated.class, events.get(0));
        assertEquals(1, events.size());
        assertEquals(2048, created.keySize());
        assertEquals(state.current().version(), created.version());
        assertEquals(1, state.sequence());
        assertTrue(state.isActive());
        assertTrue(created.publicKey().kid().endsWith("/keys/orders/" + created.version()));
    }

    @Test
    void create_onExistingKey_addsAVersionAsRotation() {
        List<KeyEvent> events = new java.util.ArrayList<>();
        KeyState first = created(events);
        KeyState second = run(first, create(), events);
        KeyRotated rotated = assertInstanceOf(KeyRotated.class, events.get(1));
        assertEquals(RotationTrigger.API, rotated.trigger());
        assertEquals(first.current().version(), rotated.previousVersion());
        assertEquals(2, second.versions().size());
    }

    @Test
    void rotate_onActiveKey_makesNewCurrentAndKeepsOld() {
        List<KeyEvent> events = new java.util.ArrayList<>();
        KeyState first = created(events);
        KeyState rotated = run(first, new KeyCommand.RotateKey(NAME, RotationTrigger.POLICY, MATERIAL), events);
        KeyRotated event = assertInstanceOf(KeyRotated.class, events.get(1));
        assertEquals(RotationTrigger.POLICY, event.trigger());
        assertEquals(event.version(), rotated.current().version());
        assertTrue(rotated.version(first.current().version()).orElseThrow().enabled());
        assertEquals(Map.of("team", "a"), rotated.current().tags());
        assertEquals(2, rotated.sequence());
    }

    @Test
    void update_disablingVersion_yieldsAttributesChangedAndVersionRevoked() {
        List<KeyEvent> events = new java.util.ArrayList<>();
        KeyState state = created(events);
        var version = state.current().version();
        KeyState disabled =
                run(state, new KeyCommand.UpdateVersion(NAME, version, false, null, null, null, null), events);
        assertInstanceOf(KeyAttributesChanged.class, events.get(1));
        KeyRevoked revoked = assertInstanceOf(KeyRevoked.class, events.get(2));
        assertEquals(RevocationScope.VERSION, revoked.scope());
        assertFalse(disabled.current().enabled());

        KeyState enabled =
                run(disabled, new KeyCommand.UpdateVersion(NAME, version, true, null, null, null, null), events);
        assertInstanceOf(KeyRestored.class, events.get(4));
        assertTrue(enabled.current().enabled());
        assertEquals(5, enabled.sequence());
    }

    @Test
    void update_changingNothing_yieldsNoEvents() {
        List<KeyEvent> events = new java.util.ArrayList<>();
        KeyState state = created(events);
        var command = new KeyCommand.UpdateVersion(NAME, state.current().version(), true, null, null, null, null);
        assertEquals(List.of(), aggregate.decide(state, command, NOW));
    }

    @Test
    void revokeCaller_thenAgain_isIdempotent_andReinstateRestores() {
        List<KeyEvent> events = new java.util.ArrayList<>();
        KeyState state = created(events);
        KeyState revoked = run(state, new KeyCommand.Revoke(NAME, RevocationScope.CALLER, null, STORAGE, "x"), events);
        assertTrue(revoked.isRevokedFor(STORAGE));
        assertEquals(
                List.of(),
                aggregate.decide(
                        revoked, new KeyCommand.Revoke(NAME, RevocationScope.CALLER, null, STORAGE, "x"), NOW));
        KeyState restored = run(revoked, new KeyCommand.Reinstate(NAME, RevocationScope.CALLER, null, STORAGE), events);
        assertFalse(restored.isRevokedFor(STORAGE));
    }

    @Test
    void revokeKey_thenReinstate_keepsVersionFlags() {
        List<KeyEvent> events = new java.util.ArrayList<>();
        KeyState state = created(events);
        KeyState revoked = run(state, new KeyCommand.Revoke(NAME, RevocationScope.KEY, null, null, "x"), events);
        assertTrue(revoked.revoked());
        assertTrue(revoked.current().enabled());
        KeyState restored = run(revoked, new KeyCommand.Reinstate(NAME, RevocationScope.KEY, null, null), events);
        assertFalse(restored.revoked());
    }

    @Test
    void delete_recover_delete_purge_walksTheLifecycle() {
        List<KeyEvent> events = new java.util.ArrayList<>();
        KeyState state = created(events);
        KeyState deleted = run(state, new KeyCommand.DeleteKey(NAME, Duration.ofDays(7)), events);
        KeyDeleted event = assertInstanceOf(KeyDeleted.class, events.get(1));
        assertEquals(NOW.plus(Duration.ofDays(7)), event.scheduledPurge());
        assertFalse(deleted.isActive());
        assertThrows(ApiException.class, () -> aggregate.decide(deleted, create(), NOW));

        KeyState recovered = run(deleted, new KeyCommand.RecoverKey(NAME), events);
        assertInstanceOf(KeyRecovered.class, events.get(2));
        assertTrue(recovered.isActive());

        KeyState purged = run(
                run(recovered, new KeyCommand.DeleteKey(NAME, Duration.ofDays(7)), events),
                new KeyCommand.PurgeKey(NAME),
                events);
        assertInstanceOf(KeyPurged.class, events.get(4));
        assertFalse(purged.exists());
        assertEquals(5, purged.sequence());

        KeyState again = run(purged, create(), events);
        assertInstanceOf(KeyCreated.class, events.get(5));
        assertEquals(6, again.sequence());
    }

    @Test
    void purge_ofActiveKey_isRefused() {
        KeyState state = created(new java.util.ArrayList<>());
        ApiException e =
                assertThrows(ApiException.class, () -> aggregate.decide(state, new KeyCommand.PurgeKey(NAME), NOW));
        assertEquals(404, e.status());
    }

    @Test
    void rotate_ofAbsentKey_isRefusedAsNotFound() {
        ApiException e = assertThrows(
                ApiException.class,
                () -> aggregate.decide(
                        KeyState.absent(NAME), new KeyCommand.RotateKey(NAME, RotationTrigger.API, MATERIAL), NOW));
        assertEquals("KeyNotFound", e.code());
    }

    @Test
    void rotationPolicy_dueAfterCreate_andBeforeExpiry() {
        RotationPolicy policy = new RotationPolicy(
                List.of(
                        new RotationPolicy.LifetimeAction("Rotate", "P30D", null),
                        new RotationPolicy.LifetimeAction("Rotate", null, "P7D")),
                "P90D",
                NOW,
                NOW);
        assertEquals(
                NOW.plus(Duration.ofDays(30)), policy.rotationDue(NOW, null).orElseThrow());
        assertEquals(
                NOW.plus(Duration.ofDays(3)),
                policy.rotationDue(NOW, NOW.plus(Duration.ofDays(10))).orElseThrow());
        assertEquals(Duration.ofDays(365 + 60), RotationPolicy.parse("P1Y2M"));
        assertEquals(Duration.ofSeconds(2), RotationPolicy.parse("PT2S"));
        assertThrows(IllegalArgumentException.class, () -> RotationPolicy.parse("soon"));
    }

    @Test
    void rotate_underPolicyWithExpiry_givesNewVersionAnExpiry() {
        List<KeyEvent> events = new java.util.ArrayList<>();
        KeyState state = created(events);
        RotationPolicy policy = new RotationPolicy(List.of(), "P10D", NOW, NOW);
        KeyState withPolicy = run(state, new KeyCommand.SetRotationPolicy(NAME, policy), events);
        KeyState rotated = run(withPolicy, new KeyCommand.RotateKey(NAME, RotationTrigger.API, MATERIAL), events);
        assertEquals(NOW.plus(Duration.ofDays(10)), rotated.current().expires());
    }
}
