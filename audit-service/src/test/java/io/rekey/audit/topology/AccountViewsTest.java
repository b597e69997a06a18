package io.rekey.audit.topology;

import static io.rekey.audit.AuditEvents.accountOn;
import static io.rekey.audit.AuditEvents.created;
import static io.rekey.audit.AuditEvents.locked;
import static io.rekey.audit.AuditEvents.rewrapped;
import static io.rekey.audit.AuditEvents.rotated;
import static io.rekey.audit.AuditEvents.serviceManaged;
import static io.rekey.audit.AuditEvents.unlocked;
import static io.rekey.audit.topology.TopologyFixture.START;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rekey.audit.query.RevocationStatus;
import io.rekey.audit.query.RotationStatus;
import io.rekey.audit.view.HistoryEntry;
import io.rekey.events.EventEnvelope;
import io.rekey.events.account.AccountDeleted;
import io.rekey.events.account.AccountEncryption;
import io.rekey.events.account.AccountEncryptionChanged;
import io.rekey.events.account.KeySource;
import io.rekey.events.ids.AccountName;
import io.rekey.events.ids.KeyName;
import io.rekey.events.ids.KeyVersion;
import io.rekey.events.key.KeyRestored;
import io.rekey.events.key.KeyRevoked;
import io.rekey.events.key.RevocationScope;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccountViewsTest {
    private static final KeyName KEY = KeyName.of("orders-key");
    private static final KeyVersion V1 = KeyVersion.random();
    private static final KeyVersion V2 = KeyVersion.random();
    private static final AccountName ALPHA = AccountName.of("alpha");
    private static final AccountName BRAVO = AccountName.of("bravo");
    private static final AccountName PINNED = AccountName.of("pinned");
    private static final AccountName PLAIN = AccountName.of("plain");

    @TempDir
    Path stateDir;

    private TopologyFixture audit;

    @BeforeEach
    void start() {
        audit = new TopologyFixture(stateDir);
        audit.keyEvent(audit.events.key(created(KEY, V1), START));
        audit.accountEvent(audit.events.account(accountOn(ALPHA, KEY, V1, null), START.plusSeconds(1)));
        audit.accountEvent(audit.events.account(accountOn(BRAVO, KEY, V1, null), START.plusSeconds(2)));
        audit.accountEvent(audit.events.account(accountOn(PINNED, KEY, V1, V1), START.plusSeconds(3)));
        audit.accountEvent(audit.events.account(serviceManaged(PLAIN), START.plusSeconds(4)));
    }

    @AfterEach
    void stop() {
        audit.close();
    }

    @Test
    void given_aRotationHalfDone_when_rotationStatusAsked_then_itCountsAccountsPerVersionAndNamesTheLaggards() {
        audit.keyEvent(audit.events.key(rotated(KEY, V1, V2), START.plusSeconds(60)));
        audit.accountEvent(audit.events.account(rewrapped(ALPHA, KEY, V1, V2), START.plusSeconds(61)));

        RotationStatus status = audit.queries.rotationStatus(KEY.value()).orElseThrow();

        assertEquals(V2.value(), status.latestVersion());
        assertEquals(3, status.accounts());
        assertEquals(1, status.onLatest());
        assertEquals(
                List.of(
                        new RotationStatus.VersionCount(V1.value(), false, 2),
                        new RotationStatus.VersionCount(V2.value(), true, 1)),
                status.versions());
        assertEquals(
                List.of(
                        new RotationStatus.AccountVersion("bravo", V1.value(), false),
                        new RotationStatus.AccountVersion("pinned", V1.value(), true)),
                status.onOlderVersions());
    }

    @Test
    void given_accountsLeavingTheKey_when_rotationStatusAsked_then_theyAreNoLongerCounted() {
        audit.accountEvent(audit.events.account(new AccountDeleted(BRAVO), START.plusSeconds(10)));
        audit.accountEvent(audit.events.account(
                new AccountEncryptionChanged(
                        PINNED,
                        KeySource.CUSTOMER_MANAGED,
                        new AccountEncryption(KeySource.SERVICE_MANAGED, null, null, null, null, "c2VydmljZQ")),
                START.plusSeconds(11)));

        RotationStatus status = audit.queries.rotationStatus(KEY.value()).orElseThrow();

        assertEquals(1, status.accounts());
        assertEquals(1, status.onLatest());
    }

    @Test
    void given_aRevocationPartlyActedOn_when_revocationStatusAsked_then_itSplitsLockedFromNotYetLocked() {
        EventEnvelope revoked = audit.events.key(KeyRevoked.wholeKey(KEY, "leak"), START.plusSeconds(100));
        audit.keyEvent(revoked);
        audit.accountEvent(audit.events.account(locked(ALPHA, KEY, revoked.id()), START.plusSeconds(101)));

        RevocationStatus status = audit.queries.revocationStatus(KEY.value()).orElseThrow();

        assertEquals(RevocationScope.KEY, status.revocation().scope());
        assertEquals(revoked.id(), status.revocation().eventId());
        assertNull(status.restore());
        assertEquals(3, status.affected());
        assertEquals(
                List.of("alpha"),
                status.locked().stream()
                        .map(RevocationStatus.LockedAccount::account)
                        .toList());
        assertEquals(START.plusSeconds(101), status.locked().get(0).lockedAt());
        assertEquals(
                List.of("bravo", "pinned"),
                status.notYetLocked().stream()
                        .map(RevocationStatus.OpenAccount::account)
                        .toList());
    }

    @Test
    void given_aVersionRevocation_when_revocationStatusAsked_then_onlyAccountsOnThatVersionAreAffected() {
        audit.keyEvent(audit.events.key(rotated(KEY, V1, V2), START.plusSeconds(60)));
        audit.accountEvent(audit.events.account(rewrapped(ALPHA, KEY, V1, V2), START.plusSeconds(61)));
        audit.keyEvent(audit.events.key(KeyRevoked.oneVersion(KEY, V1, "old"), START.plusSeconds(100)));

        RevocationStatus status = audit.queries.revocationStatus(KEY.value()).orElseThrow();

        assertEquals(2, status.affected());
        assertEquals(
                List.of("bravo", "pinned"),
                status.notYetLocked().stream()
                        .map(RevocationStatus.OpenAccount::account)
                        .toList());
    }

    @Test
    void given_aRestoreAfterTheRevocation_when_revocationStatusAsked_then_theRestoreIsShownAndAccountsUnlock() {
        EventEnvelope revoked = audit.events.key(KeyRevoked.wholeKey(KEY, "leak"), START.plusSeconds(100));
        audit.keyEvent(revoked);
        audit.accountEvent(audit.events.account(locked(ALPHA, KEY, revoked.id()), START.plusSeconds(101)));
        EventEnvelope restored = audit.events.key(KeyRestored.wholeKey(KEY), START.plusSeconds(200));
        audit.keyEvent(restored);
        audit.accountEvent(audit.events.account(unlocked(ALPHA, KEY, restored.id()), START.plusSeconds(201)));

        RevocationStatus status = audit.queries.revocationStatus(KEY.value()).orElseThrow();

        assertEquals(restored.id(), status.restore().eventId());
        assertTrue(status.locked().isEmpty());
        assertEquals(START.plusSeconds(201), status.notYetLocked().get(0).unlockedAt());
    }

    @Test
    void given_anAccountsLife_when_historyAsked_then_everyStepIsListedInOrder() {
        EventEnvelope revoked = audit.events.key(KeyRevoked.wholeKey(KEY, "leak"), START.plusSeconds(100));
        audit.keyEvent(audit.events.key(rotated(KEY, V1, V2), START.plusSeconds(60)));
        audit.accountEvent(audit.events.account(rewrapped(ALPHA, KEY, V1, V2), START.plusSeconds(61)));
        audit.accountEvent(audit.events.account(locked(ALPHA, KEY, revoked.id()), START.plusSeconds(101)));
        audit.accountEvent(audit.events.account(unlocked(ALPHA, KEY, "restore"), START.plusSeconds(201)));

        List<HistoryEntry> history = audit.queries.accountHistory(ALPHA.value()).orElseThrow();

        assertEquals(
                List.of("AccountCreated", "AccountKeyRewrapped", "AccountLocked", "AccountUnlocked"),
                history.stream().map(HistoryEntry::type).toList());
        assertNull(history.get(1).text("wrappedAek"), "wrapped key ciphertext is not kept in the audit");
        assertEquals(V2.value(), history.get(1).text("version"));
    }

    @Test
    void given_accountsButNoKeyEvents_when_rotationStatusAsked_then_theAccountsStillShow() {
        KeyName orphan = KeyName.of("orphan-key");
        audit.accountEvent(audit.events.account(accountOn(AccountName.of("delta"), orphan, V1, null), START));

        RotationStatus status = audit.queries.rotationStatus(orphan.value()).orElseThrow();

        assertNull(status.latestVersion());
        assertEquals(1, status.accounts());
    }
}
