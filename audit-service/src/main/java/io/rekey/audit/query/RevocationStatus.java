package io.rekey.audit.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.rekey.audit.view.AccountOnKey;
import io.rekey.audit.view.KeyStatus;
import io.rekey.audit.view.Revocation;
import io.rekey.events.key.RevocationScope;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The key's latest revocation and how far storage has acted on it: of the accounts it affects, which have locked and
 * which have not yet. A whole-key or caller revocation affects every account on the key; a version revocation affects
 * the accounts on that version.
 *
 * @param revocation null when the key was never revoked
 * @param restore the restore that undid it, if any; after it, accounts unlock again
 */
public record RevocationStatus(
        String key,
        @JsonInclude(JsonInclude.Include.ALWAYS) Revocation revocation,
        @JsonInclude(JsonInclude.Include.ALWAYS) Revocation restore,
        int affected,
        List<LockedAccount> locked,
        List<OpenAccount> notYetLocked) {

    public record LockedAccount(String account, String version, Instant lockedAt, String reason) {}

    public record OpenAccount(String account, String version, Instant unlockedAt) {}

    public static RevocationStatus of(String key, KeyStatus status) {
        Revocation revocation = status.latestRevocation();
        List<LockedAccount> locked = new ArrayList<>();
        List<OpenAccount> open = new ArrayList<>();
        if (revocation != null) {
            for (Map.Entry<String, AccountOnKey> entry : status.accounts().entrySet()) {
                AccountOnKey account = entry.getValue();
                if (!affects(revocation, account)) {
                    continue;
                }
                if (account.locked()) {
                    locked.add(new LockedAccount(
                            entry.getKey(), account.version(), account.lockedAt(), account.lockReason()));
                } else {
                    open.add(new OpenAccount(entry.getKey(), account.version(), account.unlockedAt()));
                }
            }
        }
        return new RevocationStatus(key, revocation, status.restore(), locked.size() + open.size(), locked, open);
    }

    private static boolean affects(Revocation revocation, AccountOnKey account) {
        return revocation.scope() != RevocationScope.VERSION
                || revocation.version().equals(account.version());
    }
}
