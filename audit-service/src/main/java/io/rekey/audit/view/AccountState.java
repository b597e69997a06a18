package io.rekey.audit.view;

import io.rekey.events.EventEnvelope;
import io.rekey.events.account.AccountCreated;
import io.rekey.events.account.AccountDeleted;
import io.rekey.events.account.AccountEncryption;
import io.rekey.events.account.AccountEncryptionChanged;
import io.rekey.events.account.AccountKeyRewrapped;
import io.rekey.events.account.AccountLocked;
import io.rekey.events.account.AccountUnlocked;
import io.rekey.events.account.KeySource;
import java.time.Instant;

/**
 * What the audit knows of one account now: which vault key and version wrap its AEK, and whether it is locked. It
 * evolves one small step per account event.
 *
 * @param keyName the vault key wrapping the AEK; null while the service's own key does
 * @param pinnedVersion the version the account is pinned to; null when it follows the latest
 */
public record AccountState(
        String account,
        KeySource keySource,
        String keyName,
        String pinnedVersion,
        String versionInUse,
        boolean locked,
        Instant lockedAt,
        String lockReason,
        String lockCauseEventId,
        Instant unlockedAt,
        boolean deleted) {

    public static AccountState unknown() {
        return new AccountState(null, null, null, null, null, false, null, null, null, null, false);
    }

    /** True when a vault key wraps this account's AEK, which is what the per-key views follow. */
    public boolean onVaultKey() {
        return !deleted && keySource == KeySource.CUSTOMER_MANAGED && keyName != null;
    }

    public AccountOnKey onKey() {
        return new AccountOnKey(versionInUse, pinnedVersion != null, locked, lockedAt, lockReason, unlockedAt);
    }

    public AccountState apply(EventEnvelope event) {
        Object data = event.data();
        if (data instanceof AccountCreated created) {
            return withEncryption(created.account().value(), created.encryption());
        }
        if (data instanceof AccountEncryptionChanged changed) {
            return withEncryption(changed.account().value(), changed.encryption());
        }
        if (data instanceof AccountKeyRewrapped rewrapped) {
            return new AccountState(
                    rewrapped.account().value(),
                    keySource,
                    rewrapped.key().value(),
                    pinnedVersion,
                    rewrapped.version().value(),
                    locked,
                    lockedAt,
                    lockReason,
                    lockCauseEventId,
                    unlockedAt,
                    deleted);
        }
        if (data instanceof AccountLocked lock) {
            return new AccountState(
                    lock.account().value(),
                    keySource,
                    keyName,
                    pinnedVersion,
                    versionInUse,
                    true,
                    event.time(),
                    lock.reason().name(),
                    lock.causeEventId(),
                    unlockedAt,
                    deleted);
        }
        if (data instanceof AccountUnlocked unlock) {
            return new AccountState(
                    unlock.account().value(),
                    keySource,
                    keyName,
                    pinnedVersion,
                    versionInUse,
                    false,
                    lockedAt,
                    lockReason,
                    lockCauseEventId,
                    event.time(),
                    deleted);
        }
        if (data instanceof AccountDeleted gone) {
            return new AccountState(
                    gone.account().value(),
                    keySource,
                    keyName,
                    pinnedVersion,
                    versionInUse,
                    locked,
                    lockedAt,
                    lockReason,
                    lockCauseEventId,
                    unlockedAt,
                    true);
        }
        return this;
    }

    private AccountState withEncryption(String accountName, AccountEncryption encryption) {
        boolean vaultKey = encryption.keySource() == KeySource.CUSTOMER_MANAGED;
        return new AccountState(
                accountName,
                encryption.keySource(),
                vaultKey ? encryption.keyName().value() : null,
                vaultKey && encryption.pinnedVersion() != null
                        ? encryption.pinnedVersion().value()
                        : null,
                vaultKey ? encryption.versionInUse().value() : null,
                locked,
                lockedAt,
                lockReason,
                lockCauseEventId,
                unlockedAt,
                false);
    }
}
