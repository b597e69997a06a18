package io.rekey.storage;

import io.rekey.events.account.LockReason;
import io.rekey.events.ids.AccountName;
import io.rekey.service.http.ApiException;
import io.rekey.storage.account.AccountState;
import io.rekey.storage.vault.VaultException;

/**
 * Every refusal storage answers with, in one place so the codes stay stable and the README can list them. Messages say
 * what happened and what to do; they never carry key material, tokens or blob contents.
 */
public final class StorageErrors {
    public static final String KEY_ACCESS_REVOKED = "KeyAccessRevoked";
    public static final String KEY_VAULT_UNAVAILABLE = "KeyVaultUnavailable";

    private StorageErrors() {}

    public static ApiException accountNotFound(AccountName name) {
        return ApiException.notFound("AccountNotFound", "account '" + name + "' does not exist; create it first");
    }

    public static ApiException accountExists(AccountName name) {
        return ApiException.conflict(
                "AccountAlreadyExists", "account '" + name + "' already exists; choose another name or delete it");
    }

    public static ApiException containerNotFound(String container) {
        return ApiException.notFound(
                "ContainerNotFound", "container '" + container + "' does not exist in this account; create it first");
    }

    public static ApiException containerExists(String container) {
        return ApiException.conflict("ContainerAlreadyExists", "container '" + container + "' already exists");
    }

    public static ApiException blobNotFound(String blob) {
        return ApiException.notFound("BlobNotFound", "blob '" + blob + "' does not exist in this container");
    }

    public static ApiException invalidName(String code, String message) {
        return ApiException.badRequest(code, message);
    }

    /** A blob read or write on a locked account: names the key and says its access was revoked. */
    public static ApiException locked(AccountState account) {
        AccountState.Lock lock = account.lock();
        String what = lock.reason() == LockReason.VERSION_REVOKED && lock.version() != null
                ? "version " + lock.version() + " of key '" + lock.key() + "'"
                : "key '" + lock.key() + "'";
        String how = switch (lock.reason()) {
            case KEY_REVOKED -> "access to " + what + " was revoked in the vault";
            case VERSION_REVOKED -> "access to " + what + " was revoked in the vault";
            case CALLER_REVOKED -> "the storage service's access to " + what + " was revoked in the vault";
            case KEY_DELETED -> what + " was deleted in the vault, so access to it was revoked";
        };
        return ApiException.forbidden(
                KEY_ACCESS_REVOKED,
                "account '" + account.name() + "' is locked: " + how + " at " + lock.since()
                        + "; blob reads and writes are refused until the key owner restores access");
    }

    /** The account is being locked right now (a revocation arrived); same answer as a recorded lock. */
    public static ApiException lockingNow(AccountState account) {
        String key = account.encryption().keyName() == null
                ? "the account key"
                : "key '" + account.encryption().keyName() + "'";
        return ApiException.forbidden(
                KEY_ACCESS_REVOKED,
                "account '" + account.name() + "' is locked: access to " + key
                        + " was revoked in the vault; blob reads and writes are refused until access is restored");
    }

    /** The vault refused to unwrap or wrap for this account, before any revocation event reached storage. */
    public static ApiException vaultRefused(AccountState account, VaultException e) {
        return ApiException.forbidden(
                KEY_ACCESS_REVOKED,
                "account '" + account.name() + "': the vault refused key '"
                        + account.encryption().keyName()
                        + "' (" + e.vaultCode() + "): access to the key was revoked or disabled;"
                        + " blob reads and writes are refused until the key owner restores access");
    }

    public static ApiException vault(VaultException e, String doing) {
        return switch (e.kind()) {
            case UNAVAILABLE ->
                ApiException.unavailable(
                        KEY_VAULT_UNAVAILABLE,
                        "the key vault could not be reached while " + doing + "; retry later",
                        5);
            case UNAUTHENTICATED ->
                ApiException.unavailable(
                        KEY_VAULT_UNAVAILABLE,
                        "the key vault did not accept the storage service's token while " + doing
                                + "; the operator must fix storage.vault.token",
                        30);
            case NOT_FOUND ->
                ApiException.badRequest(
                        "KeyNotFound", "the key vault has no such key or version (" + doing + "); check the key name");
            case REFUSED ->
                ApiException.forbidden(
                        KEY_ACCESS_REVOKED,
                        "the key vault refused the key (" + e.vaultCode() + ") while " + doing
                                + "; its owner must grant the storage service wrapKey and unwrapKey");
            case BAD_REQUEST ->
                ApiException.badRequest(
                        "InvalidKeyVaultKey",
                        "the key vault refused the request while " + doing + ": " + e.getMessage());
        };
    }

    public static ApiException ledgerUnavailable() {
        return ApiException.unavailable(
                "EventLogUnavailable",
                "the account's change could not be recorded on Kafka; nothing changed; retry",
                5);
    }

    public static ApiException integrity(String blob) {
        return new ApiException(
                500,
                "BlobIntegrityFailure",
                "blob '" + blob + "' failed authentication: the stored file was altered or damaged, so it is not"
                        + " returned; restore it from a backup or delete it");
    }
}
