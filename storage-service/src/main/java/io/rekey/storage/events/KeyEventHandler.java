package io.rekey.storage.events;

import io.rekey.events.EventEnvelope;
import io.rekey.events.account.AccountLocked;
import io.rekey.events.account.KeySource;
import io.rekey.events.account.LockReason;
import io.rekey.events.ids.CallerId;
import io.rekey.events.ids.KeyName;
import io.rekey.events.ids.KeyVersion;
import io.rekey.events.key.KeyDeleted;
import io.rekey.events.key.KeyEvent;
import io.rekey.events.key.KeyRecovered;
import io.rekey.events.key.KeyRestored;
import io.rekey.events.key.KeyRevoked;
import io.rekey.events.key.KeyRotated;
import io.rekey.events.key.RevocationScope;
import io.rekey.storage.account.AccountKeys;
import io.rekey.storage.account.AccountLedger;
import io.rekey.storage.account.AccountRegistry;
import io.rekey.storage.account.AccountState;
import io.rekey.storage.account.LedgerUnavailableException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what a verified key event means for storage's accounts.
 *
 * <ul>
 *   <li>{@code KeyRevoked} and {@code KeyDeleted} lock every affected account at once: all of their cached AEKs are
 *       dropped first, then an {@code AccountLocked} is recorded for each. This happens on the consumer's thread,
 *       before the offset is committed.
 *   <li>{@code KeyRotated} and {@code KeyRestored}/{@code KeyRecovered} hand re-wraps and unlocks to {@link KeyWork};
 *       the returned future completes when they are recorded.
 * </ul>
 *
 * Handling is idempotent: an event whose sequence is not above the last one handled for its key is ignored, an
 * account that already acted on an event id ignores it, and the effects themselves check the account's state (an
 * account already locked is not locked again; one already on the new version is not re-wrapped).
 */
public final class KeyEventHandler {
    private static final Logger log = LoggerFactory.getLogger(KeyEventHandler.class);
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final AccountRegistry registry;
    private final AccountLedger ledger;
    private final AccountKeys keys;
    private final KeyWork work;
    private final CallerId self;
    private final Map<KeyName, Long> handledSequences = new ConcurrentHashMap<>();

    public KeyEventHandler(
            AccountRegistry registry, AccountLedger ledger, AccountKeys keys, KeyWork work, CallerId self) {
        this.registry = registry;
        this.ledger = ledger;
        this.keys = keys;
        this.work = work;
        this.self = self;
    }

    /**
     * Applies one key event.
     *
     * @return completes when the event's effect is durable
     * @throws LedgerUnavailableException when a lock could not be recorded; the caller retries the same event
     */
    public CompletableFuture<Void> handle(EventEnvelope envelope) throws LedgerUnavailableException {
        KeyEvent event = (KeyEvent) envelope.data();
        Long handled = handledSequences.get(event.key());
        if (handled != null && envelope.sequence() <= handled) {
            log.info("Ignored {}: key {} already handled sequence {}", envelope, event.key(), handled);
            return DONE;
        }
        CompletableFuture<Void> effect = apply(envelope, event);
        handledSequences.merge(event.key(), envelope.sequence(), Math::max);
        return effect;
    }

    private CompletableFuture<Void> apply(EventEnvelope envelope, KeyEvent event) throws LedgerUnavailableException {
        if (event instanceof KeyRevoked revoked) {
            lock(envelope, revoked.key(), revoked.version(), reasonOf(revoked.scope()), affectedBy(revoked));
            return DONE;
        }
        if (event instanceof KeyDeleted deleted) {
            lock(envelope, deleted.key(), null, LockReason.KEY_DELETED, account -> true);
            return DONE;
        }
        if (event instanceof KeyRotated rotated) {
            return rotate(envelope, rotated);
        }
        if (event instanceof KeyRestored restored) {
            return unlock(envelope, restored.key(), restoredBy(restored));
        }
        if (event instanceof KeyRecovered recovered) {
            return unlock(envelope, recovered.key(), account -> true);
        }
        return DONE;
    }

    private void lock(
            EventEnvelope envelope,
            KeyName key,
            KeyVersion version,
            LockReason reason,
            Predicate<AccountState> affected)
            throws LedgerUnavailableException {
        List<AccountState> accounts = usersOf(key).stream()
                .filter(affected)
                .filter(account -> !account.isLocked() && !account.hasApplied(envelope.id()))
                .toList();
        // Revocation must bite at once: drop every affected AEK before recording anything.
        accounts.forEach(account -> keys.fence(account.name()));
        for (AccountState account : accounts) {
            ledger.update(
                    account.name(),
                    latest -> latest.filter(s -> !s.deleted() && !s.isLocked())
                            .map(s -> new AccountLocked(s.name(), key, version, reason, envelope.id()))
                            .orElse(null));
            log.warn(
                    "Locked account {}: {} on key {}{} (event {})",
                    account.name(),
                    reason,
                    key,
                    version == null ? "" : " version " + version,
                    envelope.id());
        }
    }

    private CompletableFuture<Void> rotate(EventEnvelope envelope, KeyRotated rotated) {
        work.latestIs(rotated.key(), rotated.version());
        List<CompletableFuture<Void>> rewraps = usersOf(rotated.key()).stream()
                .filter(account -> KeyWork.follows(account, rotated.key()))
                .filter(account -> account.encryption().versionInUse().equals(rotated.previousVersion()))
                .filter(account -> !account.hasApplied(envelope.id()))
                .map(account -> work.rewrap(account.name(), rotated.key(), envelope.id()))
                .toList();
        if (!rewraps.isEmpty()) {
            log.info(
                    "Key {} rotated to version {}: re-wrapping {} accounts",
                    rotated.key(),
                    rotated.version(),
                    rewraps.size());
        }
        return CompletableFuture.allOf(rewraps.toArray(CompletableFuture[]::new));
    }

    private CompletableFuture<Void> unlock(EventEnvelope envelope, KeyName key, Predicate<AccountState> affected) {
        List<CompletableFuture<Void>> unlocks = usersOf(key).stream()
                .filter(AccountState::isLocked)
                .filter(affected)
                .filter(account -> !account.hasApplied(envelope.id()))
                .map(account -> work.unlock(account.name(), key, envelope.id()))
                .toList();
        return CompletableFuture.allOf(unlocks.toArray(CompletableFuture[]::new));
    }

    private Predicate<AccountState> affectedBy(KeyRevoked revoked) {
        return switch (revoked.scope()) {
            case KEY -> account -> true;
            case VERSION ->
                account -> revoked.version().equals(account.encryption().versionInUse());
            case CALLER -> account -> self.equals(revoked.caller());
        };
    }

    private Predicate<AccountState> restoredBy(KeyRestored restored) {
        return switch (restored.scope()) {
            case KEY -> account -> true;
            case VERSION ->
                account -> restored.version().equals(account.encryption().versionInUse());
            case CALLER -> account -> self.equals(restored.caller());
        };
    }

    private static LockReason reasonOf(RevocationScope scope) {
        return switch (scope) {
            case KEY -> LockReason.KEY_REVOKED;
            case VERSION -> LockReason.VERSION_REVOKED;
            case CALLER -> LockReason.CALLER_REVOKED;
        };
    }

    private List<AccountState> usersOf(KeyName key) {
        return registry.active().stream()
                .filter(account -> account.encryption().keySource() == KeySource.CUSTOMER_MANAGED)
                .filter(account -> key.equals(account.encryption().keyName()))
                .toList();
    }
}
