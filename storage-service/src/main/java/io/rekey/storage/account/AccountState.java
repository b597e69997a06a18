package io.rekey.storage.account;

import io.rekey.events.EventEnvelope;
import io.rekey.events.account.AccountCreated;
import io.rekey.events.account.AccountDeleted;
import io.rekey.events.account.AccountEncryption;
import io.rekey.events.account.AccountEncryptionChanged;
import io.rekey.events.account.AccountEvent;
import io.rekey.events.account.AccountKeyRewrapped;
import io.rekey.events.account.AccountLocked;
import io.rekey.events.account.AccountUnlocked;
import io.rekey.events.account.LockReason;
import io.rekey.events.ids.AccountName;
import io.rekey.events.ids.KeyName;
import io.rekey.events.ids.KeyVersion;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An account as its history on {@code storage.account-events} says it is. It changes only through {@link #evolve},
 * one small step per event type, so rebuilding on start and applying live events give the same state.
 *
 * @param sequence the sequence number of the last event applied
 * @param lastRewrappedAt when the AEK was last wrapped under a new key or version; null if never since creation
 * @param lock why the account is locked, or null when it is active
 * @param recentCauses ids of the latest key events this account already acted on, so a redelivered one changes nothing
 */
public record AccountState(
        AccountName name,
        AccountEncryption encryption,
        long sequence,
        Instant createdAt,
        Instant lastRewrappedAt,
        Lock lock,
        List<String> recentCauses,
        boolean deleted) {

    /**
     * Accounts keep one AEK for life (changing encryption re-wraps it), so every blob header carries generation 1.
     * The field exists so that a future AEK roll-over can tell old blobs from new ones.
     */
    public static final int AEK_GENERATION = 1;

    private static final int REMEMBERED_CAUSES = 64;

    public AccountState {
        recentCauses = List.copyOf(recentCauses);
    }

    /** Why an account is locked: which key (and version) access was revoked for, and by which event. */
    public record Lock(LockReason reason, KeyName key, KeyVersion version, Instant since, String causeEventId) {}

    public boolean isLocked() {
        return lock != null;
    }

    public boolean hasApplied(String causeEventId) {
        return causeEventId != null && recentCauses.contains(causeEventId);
    }

    /** The account after {@code event}; the event's sequence must follow this state's. */
    public static AccountState evolve(AccountState current, EventEnvelope envelope) {
        AccountEvent event = (AccountEvent) envelope.data();
        Instant time = envelope.time();
        long sequence = envelope.sequence();
        if (event instanceof AccountCreated created) {
            return new AccountState(
                    created.account(), created.encryption(), sequence, time, null, null, List.of(), false);
        }
        if (current == null || current.deleted) {
            return current;
        }
        if (event instanceof AccountEncryptionChanged changed) {
            return current.with(sequence, changed.encryption(), time, current.lock, null);
        }
        if (event instanceof AccountKeyRewrapped rewrapped) {
            AccountEncryption moved = new AccountEncryption(
                    current.encryption.keySource(),
                    current.encryption.vaultUri(),
                    current.encryption.keyName(),
                    current.encryption.pinnedVersion(),
                    rewrapped.version(),
                    rewrapped.wrappedAek());
            return current.with(sequence, moved, time, current.lock, rewrapped.causeEventId());
        }
        if (event instanceof AccountLocked locked) {
            Lock lock = new Lock(locked.reason(), locked.key(), locked.version(), time, locked.causeEventId());
            return current.with(sequence, current.encryption, current.lastRewrappedAt, lock, locked.causeEventId());
        }
        if (event instanceof AccountUnlocked unlocked) {
            return current.with(sequence, current.encryption, current.lastRewrappedAt, null, unlocked.causeEventId());
        }
        if (event instanceof AccountDeleted) {
            return new AccountState(
                    current.name,
                    current.encryption,
                    sequence,
                    current.createdAt,
                    current.lastRewrappedAt,
                    null,
                    List.of(),
                    true);
        }
        return current;
    }

    private AccountState with(
            long newSequence, AccountEncryption newEncryption, Instant rewrappedAt, Lock newLock, String cause) {
        List<String> causes = new ArrayList<>(recentCauses);
        if (cause != null) {
            causes.add(cause);
            if (causes.size() > REMEMBERED_CAUSES) {
                causes.remove(0);
            }
        }
        return new AccountState(name, newEncryption, newSequence, createdAt, rewrappedAt, newLock, causes, false);
    }

    @Override
    public String toString() {
        return "Account{" + name + ", " + encryption.keySource() + ", sequence=" + sequence
                + (lock == null ? "" : ", locked " + lock.reason()) + (deleted ? ", deleted" : "") + "}";
    }
}
