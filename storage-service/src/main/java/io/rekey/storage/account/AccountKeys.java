package io.rekey.storage.account;

import io.rekey.events.account.AccountEncryption;
import io.rekey.events.account.KeySource;
import io.rekey.events.ids.AccountName;
import io.rekey.events.ids.KeyName;
import io.rekey.events.ids.KeyVersion;
import io.rekey.storage.crypto.AesKey;
import io.rekey.storage.crypto.KeyMaterial;
import io.rekey.storage.crypto.KeyUnwrapException;
import io.rekey.storage.vault.VaultClient;
import io.rekey.storage.vault.VaultException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Account encryption keys: made fresh per account, wrapped under the service key or a vault key, and unwrapped on
 * demand. An unwrapped AEK is cached under a lease; after it, the next use unwraps again through the vault, so a node
 * that missed a revocation event still fails closed within one lease. Locking an account fences it first: the cached
 * AEK is dropped before anything else happens, and no unwrap can put it back until the account is unlocked.
 */
public final class AccountKeys {
    private final AesKey serviceKey;
    private final VaultClient vault;
    private final Duration lease;
    private final Clock clock;
    private final ConcurrentMap<AccountName, Cached> cache = new ConcurrentHashMap<>();
    private final Set<AccountName> fenced = ConcurrentHashMap.newKeySet();

    private record Cached(String wrappedAek, AesKey aek, Instant expires) {}

    public AccountKeys(AesKey serviceKey, VaultClient vault, Duration lease, Clock clock) {
        this.serviceKey = serviceKey;
        this.vault = vault;
        this.lease = lease;
        this.clock = clock;
    }

    public AesKey newAek() {
        return KeyMaterial.newAesKey();
    }

    /** Wraps the AEK as the spec says; for a vault key that follows the latest version, under the latest. */
    public AccountEncryption protect(EncryptionSpec spec, AesKey aek) throws VaultException {
        if (spec.keySource() == KeySource.SERVICE_MANAGED) {
            return new AccountEncryption(KeySource.SERVICE_MANAGED, null, null, null, null, wrapLocally(aek));
        }
        KeyVersion version = spec.pinnedVersion() == null
                ? vault.latestVersion(spec.vaultUri(), spec.keyName())
                : vault.existingVersion(spec.vaultUri(), spec.keyName(), spec.pinnedVersion());
        String wrapped = vault.wrap(spec.vaultUri(), spec.keyName(), version, aek);
        return new AccountEncryption(
                KeySource.CUSTOMER_MANAGED,
                spec.vaultUri().toString(),
                spec.keyName(),
                spec.pinnedVersion(),
                version,
                wrapped);
    }

    /** Wraps the AEK under another version of the account's vault key (a re-wrap after rotation). */
    public String wrapUnder(AccountEncryption encryption, KeyVersion version, AesKey aek) throws VaultException {
        return vault.wrap(URI.create(encryption.vaultUri()), encryption.keyName(), version, aek);
    }

    /** The account's AEK, from the cache while its lease lasts, else unwrapped again. */
    public AesKey aek(AccountState account) throws VaultException, KeyUnwrapException, FencedException {
        AccountName name = account.name();
        if (fenced.contains(name)) {
            throw new FencedException(name);
        }
        Cached cached = cache.get(name);
        String wrapped = account.encryption().wrappedAek();
        if (cached != null
                && cached.wrappedAek.equals(wrapped)
                && clock.instant().isBefore(cached.expires)) {
            return cached.aek;
        }
        AesKey aek = unwrap(account.encryption());
        remember(name, wrapped, aek);
        return aek;
    }

    /** Unwraps without the cache: how unlock checks that the vault lets storage use the key again. */
    public AesKey unwrap(AccountEncryption encryption) throws VaultException, KeyUnwrapException {
        if (encryption.keySource() == KeySource.SERVICE_MANAGED) {
            return KeyMaterial.unwrap(serviceKey, Base64.getUrlDecoder().decode(encryption.wrappedAek()));
        }
        return vault.unwrap(
                URI.create(encryption.vaultUri()),
                encryption.keyName(),
                encryption.versionInUse(),
                encryption.wrappedAek());
    }

    /** Caches an AEK just unwrapped or just re-wrapped, unless the account was fenced meanwhile. */
    public void remember(AccountName name, String wrappedAek, AesKey aek) {
        cache.put(name, new Cached(wrappedAek, aek, clock.instant().plus(lease)));
        if (fenced.contains(name)) {
            cache.remove(name);
        }
    }

    /** Drops the cached AEK and refuses it until {@link #unfence}; the first step of locking an account. */
    public void fence(AccountName name) {
        fenced.add(name);
        cache.remove(name);
    }

    public void unfence(AccountName name) {
        fenced.remove(name);
    }

    public void forget(AccountName name) {
        cache.remove(name);
    }

    public boolean isFenced(AccountName name) {
        return fenced.contains(name);
    }

    public String versionedKeyId(AccountEncryption encryption) {
        if (encryption.keySource() == KeySource.SERVICE_MANAGED) {
            return "service-managed";
        }
        return VaultClient.keyId(URI.create(encryption.vaultUri()), encryption.keyName(), encryption.versionInUse());
    }

    private String wrapLocally(AesKey aek) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(KeyMaterial.wrap(serviceKey, aek));
    }

    /** The account is being locked; its AEK must not be used. */
    public static final class FencedException extends Exception {
        public FencedException(AccountName name) {
            super("account " + name + " is being locked");
        }
    }

    /** The version a vault key's unversioned id points at now. */
    public KeyVersion latestVersion(URI vaultUri, KeyName key) throws VaultException {
        return vault.latestVersion(vaultUri, key);
    }
}
