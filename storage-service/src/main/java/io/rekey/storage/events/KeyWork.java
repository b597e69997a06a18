package io.rekey.storage.events;

import io.rekey.events.account.AccountKeyRewrapped;
import io.rekey.events.account.AccountUnlocked;
import io.rekey.events.ids.AccountName;
import io.rekey.events.ids.KeyName;
import io.rekey.events.ids.KeyVersion;
import io.rekey.storage.account.AccountKeys;
import io.rekey.storage.account.AccountLedger;
import io.rekey.storage.account.AccountRegistry;
import io.rekey.storage.account.AccountState;
import io.rekey.storage.account.LedgerUnavailableException;
import io.rekey.storage.crypto.AesKey;
import io.rekey.storage.crypto.KeyUnwrapException;
import io.rekey.storage.vault.VaultException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The slow half of reacting to key events: re-wrapping AEKs after a rotation and unwrapping them again after a
 * restore, both through the vault. Each task retries with exponential back-off while the vault or Kafka is away;
 * until a re-wrap is recorded the account keeps its old wrapped AEK (and its cached AEK), so an outage never leaves
 * it without a usable wrap. Each task's future completes once its effect is recorded (or is no longer needed), which
 * is what lets the consumer commit the event's offset.
 */
public final class KeyWork implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KeyWork.class);
    /** How often an unlock retries a refusal before it concludes that the key is still revoked. */
    private static final int REFUSALS_BEFORE_GIVING_UP = 4;

    private final AccountRegistry registry;
    private final AccountLedger ledger;
    private final AccountKeys keys;
    private final Duration firstRetry;
    private final Duration maxRetry;
    private final ScheduledExecutorService executor;
    private final Map<KeyName, KeyVersion> latestVersions = new ConcurrentHashMap<>();

    public KeyWork(
            AccountRegistry registry, AccountLedger ledger, AccountKeys keys, Duration firstRetry, Duration maxRetry) {
        this.registry = registry;
        this.ledger = ledger;
        this.keys = keys;
        this.firstRetry = firstRetry;
        this.maxRetry = maxRetry;
        this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "storage-key-work");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Notes the newest version of a key, as a KeyRotated said. */
    public void latestIs(KeyName key, KeyVersion version) {
        latestVersions.put(key, version);
    }

    /** Re-wraps the account's AEK under the key's latest version; completes when recorded or moot. */
    public CompletableFuture<Void> rewrap(AccountName account, KeyName key, String causeEventId) {
        return submit(new Task("re-wrap", account) {
            @Override
            boolean attempt() throws Exception {
                return rewrapOnce(account, key, causeEventId);
            }
        });
    }

    /** Unwraps a locked account's AEK through the vault and, if the vault allows it again, unlocks the account. */
    public CompletableFuture<Void> unlock(AccountName account, KeyName key, String causeEventId) {
        return submit(new Task("unlock", account) {
            @Override
            boolean attempt() throws Exception {
                return unlockOnce(account, key, causeEventId, failures < REFUSALS_BEFORE_GIVING_UP);
            }
        });
    }

    private boolean rewrapOnce(AccountName name, KeyName key, String cause)
            throws VaultException, KeyUnwrapException, LedgerUnavailableException {
        Optional<AccountState> found = registry.find(name).filter(s -> follows(s, key) && !s.isLocked());
        KeyVersion target = latestVersions.get(key);
        if (found.isEmpty()
                || target == null
                || found.get().encryption().versionInUse().equals(target)) {
            return true;
        }
        AccountState account = found.get();
        KeyVersion previous = account.encryption().versionInUse();
        AesKey aek;
        try {
            aek = keys.aek(account);
        } catch (AccountKeys.FencedException e) {
            return true;
        }
        String wrapped = keys.wrapUnder(account.encryption(), target, aek);
        Optional<AccountState> after = ledger.update(
                name,
                latest -> latest.filter(s -> !s.deleted()
                                && !s.isLocked()
                                && s.encryption()
                                        .wrappedAek()
                                        .equals(account.encryption().wrappedAek()))
                        .map(s -> new AccountKeyRewrapped(name, key, previous, target, wrapped, cause))
                        .orElse(null));
        if (after.isPresent() && after.get().encryption().wrappedAek().equals(wrapped)) {
            keys.remember(name, wrapped, aek);
            log.info("Re-wrapped the AEK of account {} from {} version {} to {}", name, key, previous, target);
            return true;
        }
        // The account changed while the vault call ran: plan again from its new state.
        return false;
    }

    private boolean unlockOnce(AccountName name, KeyName key, String cause, boolean retryRefusal)
            throws VaultException, KeyUnwrapException, LedgerUnavailableException {
        Optional<AccountState> found = registry.find(name).filter(AccountState::isLocked);
        if (found.isEmpty()) {
            return true;
        }
        AccountState account = found.get();
        AesKey aek;
        try {
            aek = keys.unwrap(account.encryption());
        } catch (VaultException e) {
            if (e.kind() == VaultException.Kind.REFUSED && retryRefusal) {
                // The restore event can reach storage a moment before the vault serves the restored state.
                throw new VaultException(
                        VaultException.Kind.UNAVAILABLE, e.status(), e.vaultCode(), "not yet restored", e);
            }
            if (e.kind() == VaultException.Kind.REFUSED || e.kind() == VaultException.Kind.NOT_FOUND) {
                log.info("Account {} stays locked: the vault still refuses key {} ({})", name, key, e.vaultCode());
                return true;
            }
            throw e;
        }
        ledger.update(
                name,
                latest -> latest.filter(AccountState::isLocked)
                        .map(s -> new AccountUnlocked(name, key, s.encryption().versionInUse(), cause))
                        .orElse(null));
        keys.unfence(name);
        keys.remember(name, account.encryption().wrappedAek(), aek);
        log.info("Unlocked account {}: the vault lets storage use key {} again", name, key);
        catchUp(account, key);
        return true;
    }

    /** After an unlock, an account that follows the latest version may have missed rotations while locked. */
    private void catchUp(AccountState account, KeyName key) {
        if (!account.encryption().followsLatest()) {
            return;
        }
        try {
            KeyVersion latest =
                    keys.latestVersion(URI.create(account.encryption().vaultUri()), key);
            latestVersions.merge(key, latest, (known, fresh) -> fresh);
            if (!latest.equals(account.encryption().versionInUse())) {
                rewrap(account.name(), key, null);
            }
        } catch (VaultException e) {
            log.warn(
                    "Could not check the latest version of key {} after unlocking {}: {}",
                    key,
                    account.name(),
                    e.getMessage());
        }
    }

    static boolean follows(AccountState account, KeyName key) {
        return account.encryption().followsLatest()
                && key.equals(account.encryption().keyName());
    }

    private CompletableFuture<Void> submit(Task task) {
        executor.execute(task);
        return task.done;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    private abstract class Task implements Runnable {
        final CompletableFuture<Void> done = new CompletableFuture<>();
        final String what;
        final AccountName account;
        Duration delay = firstRetry;
        int failures;

        Task(String what, AccountName account) {
            this.what = what;
            this.account = account;
        }

        abstract boolean attempt() throws Exception;

        @Override
        public void run() {
            try {
                if (attempt()) {
                    done.complete(null);
                    return;
                }
                executor.execute(this);
            } catch (VaultException e) {
                if (e.kind() == VaultException.Kind.NOT_FOUND && failures >= REFUSALS_BEFORE_GIVING_UP) {
                    log.warn("Gave up the {} of account {}: {}", what, account, e.getMessage());
                    done.complete(null);
                    return;
                }
                retryLater(e.getMessage());
            } catch (LedgerUnavailableException e) {
                retryLater(e.getMessage());
            } catch (KeyUnwrapException e) {
                log.error("Gave up the {} of account {}: its AEK does not unwrap", what, account);
                done.complete(null);
            } catch (RuntimeException e) {
                log.error("The {} of account {} failed unexpectedly; retrying", what, account, e);
                retryLater(e.getClass().getSimpleName());
            } catch (Exception e) {
                retryLater(e.getClass().getSimpleName());
            }
        }

        private void retryLater(String why) {
            failures++;
            if (failures == 1 || failures % 10 == 0) {
                log.warn(
                        "The {} of account {} failed ({} attempts), retrying in {} ms: {}",
                        what,
                        account,
                        failures,
                        delay.toMillis(),
                        why);
            }
            if (executor.isShutdown()) {
                return;
            }
            executor.schedule(this, delay.toMillis(), TimeUnit.MILLISECONDS);
            delay = delay.multipliedBy(2).compareTo(maxRetry) > 0 ? maxRetry : delay.multipliedBy(2);
        }
    }
}
