package io.rekey.storage.account;

import io.rekey.events.account.AccountCreated;
import io.rekey.events.account.AccountDeleted;
import io.rekey.events.account.AccountEncryption;
import io.rekey.events.account.AccountEncryptionChanged;
import io.rekey.events.account.KeySource;
import io.rekey.events.ids.AccountName;
import io.rekey.service.http.ApiException;
import io.rekey.storage.StorageErrors;
import io.rekey.storage.blob.BlobStore;
import io.rekey.storage.crypto.AesKey;
import io.rekey.storage.crypto.KeyUnwrapException;
import io.rekey.storage.vault.VaultException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Account use cases: create, read, list, delete, change encryption, and hand out an account's AEK for a blob
 * operation. Every change goes through the {@link AccountLedger}, so it is recorded before it is visible.
 */
public final class AccountService {
    private static final Logger log = LoggerFactory.getLogger(AccountService.class);

    private final AccountRegistry registry;
    private final AccountLedger ledger;
    private final AccountKeys keys;
    private final BlobStore blobs;
    private final Optional<URI> vaultUrl;
    private final Runnable afterChange;

    /**
     * @param vaultUrl the only vault customer-managed accounts may name (storage holds a token for that one only)
     * @param afterChange called after an account's key settings changed, so pending re-wraps can be re-planned
     */
    public AccountService(
            AccountRegistry registry,
            AccountLedger ledger,
            AccountKeys keys,
            BlobStore blobs,
            Optional<URI> vaultUrl,
            Runnable afterChange) {
        this.registry = registry;
        this.ledger = ledger;
        this.keys = keys;
        this.blobs = blobs;
        this.vaultUrl = vaultUrl.map(AccountService::normalized);
        this.afterChange = afterChange;
    }

    public AccountState create(AccountName name, EncryptionSpec requested) {
        EncryptionSpec spec = checked(requested);
        if (registry.find(name).isPresent()) {
            throw StorageErrors.accountExists(name);
        }
        AesKey aek = keys.newAek();
        AccountState created = record(name, latest -> {
            if (latest.filter(state -> !state.deleted()).isPresent()) {
                throw StorageErrors.accountExists(name);
            }
            return new AccountCreated(name, protect(spec, aek));
        });
        keys.remember(name, created.encryption().wrappedAek(), aek);
        try {
            blobs.createAccount(name);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create the blob directory of account " + name, e);
        }
        log.info("Created account {} ({}, key {})", name, spec.keySource(), keys.versionedKeyId(created.encryption()));
        return created;
    }

    public AccountState get(AccountName name) {
        return registry.find(name).orElseThrow(() -> StorageErrors.accountNotFound(name));
    }

    public List<AccountState> list() {
        return registry.active();
    }

    /** Deletes the account and its blobs; allowed while locked, since it needs no key. */
    public void delete(AccountName name) {
        record(name, latest -> {
            latest.filter(state -> !state.deleted()).orElseThrow(() -> StorageErrors.accountNotFound(name));
            return new AccountDeleted(name);
        });
        keys.forget(name);
        keys.unfence(name);
        try {
            blobs.deleteAccount(name);
        } catch (IOException e) {
            log.warn("Account {} is deleted but some of its blob files were not; they are removed on next start", name);
        }
        log.info("Deleted account {}", name);
    }

    /** Re-wraps the account's AEK under other encryption settings; no blob changes. */
    public AccountState changeEncryption(AccountName name, EncryptionSpec requested) {
        EncryptionSpec spec = checked(requested);
        AccountState changed = record(name, latest -> {
            AccountState current =
                    latest.filter(state -> !state.deleted()).orElseThrow(() -> StorageErrors.accountNotFound(name));
            if (spec.isSatisfiedBy(current.encryption())) {
                return null;
            }
            AesKey aek = aekFor(current);
            AccountEncryption encryption = protect(spec, aek);
            return new AccountEncryptionChanged(name, current.encryption().keySource(), encryption);
        });
        keys.forget(name);
        log.info(
                "Changed encryption of account {} to {} (key {}); the AEK was re-wrapped, no blob was re-encrypted",
                name,
                spec.keySource(),
                keys.versionedKeyId(changed.encryption()));
        afterChange.run();
        return changed;
    }

    /** The AEK for a blob read or write, or the refusal a client should see. */
    public AesKey aekFor(AccountState account) {
        if (account.isLocked()) {
            throw StorageErrors.locked(account);
        }
        try {
            return keys.aek(account);
        } catch (AccountKeys.FencedException e) {
            throw StorageErrors.lockingNow(account);
        } catch (VaultException e) {
            if (e.kind() == VaultException.Kind.REFUSED) {
                log.warn("The vault refused to unwrap the AEK of account {}: {}", account.name(), e.vaultCode());
                throw StorageErrors.vaultRefused(account, e);
            }
            throw StorageErrors.vault(e, "unwrapping the key of account '" + account.name() + "'");
        } catch (KeyUnwrapException e) {
            log.error("The AEK of account {} does not unwrap under the service key", account.name());
            throw new ApiException(
                    500,
                    "AccountKeyDamaged",
                    "the key of account '" + account.name() + "' does not unwrap; restore the service key file");
        }
    }

    private AccountEncryption protect(EncryptionSpec spec, AesKey aek) {
        try {
            return keys.protect(spec, aek);
        } catch (VaultException e) {
            throw StorageErrors.vault(e, "wrapping the account key with key '" + spec.keyName() + "'");
        }
    }

    private AccountState record(AccountName name, AccountLedger.Decision<RuntimeException> decision) {
        try {
            return ledger.update(name, decision).orElseThrow();
        } catch (LedgerUnavailableException e) {
            log.warn("Could not record a change of account {}: {}", name, e.getMessage());
            throw StorageErrors.ledgerUnavailable();
        }
    }

    private EncryptionSpec checked(EncryptionSpec spec) {
        if (spec.keySource() == KeySource.SERVICE_MANAGED) {
            return EncryptionSpec.serviceManaged();
        }
        URI allowed = vaultUrl.orElseThrow(() -> ApiException.badRequest(
                "UnknownKeyVault",
                "this storage service has no key vault configured (storage.vault.url); use a service-managed key"));
        if (!normalized(spec.vaultUri()).equals(allowed)) {
            throw ApiException.badRequest(
                    "UnknownKeyVault",
                    "key vault '" + spec.vaultUri() + "' is not one this storage service can use; use " + allowed);
        }
        return EncryptionSpec.customerManaged(allowed, spec.keyName(), spec.pinnedVersion());
    }

    static URI normalized(URI uri) {
        String text = uri.toString();
        return URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
    }
}
