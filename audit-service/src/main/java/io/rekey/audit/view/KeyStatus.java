package io.rekey.audit.view;

import io.rekey.events.EventType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A key's versions, its latest revocation, and the accounts it wraps: the join of the key's history and the account
 * views, kept per key so that rotation and revocation questions are answered from one store on one instance.
 *
 * @param versions every version in the order it was created; the last is the current one
 * @param restore the restore of the same target that followed the latest revocation, if any
 */
public record KeyStatus(
        List<String> versions,
        boolean deleted,
        Revocation latestRevocation,
        Revocation restore,
        Map<String, AccountOnKey> accounts) {

    public KeyStatus {
        versions = List.copyOf(versions);
        accounts = new TreeMap<>(accounts);
    }

    /** The joiner: either side may be absent (accounts naming a key whose events the audit has not seen, say). */
    public static KeyStatus of(History history, KeyAccounts keyAccounts) {
        List<String> versions = new ArrayList<>();
        boolean deleted = false;
        Revocation revocation = null;
        Revocation restore = null;
        for (HistoryEntry entry : history == null ? List.<HistoryEntry>of() : history.entries()) {
            String type = entry.type();
            if (type.equals(EventType.KEY_CREATED.shortName()) || type.equals(EventType.KEY_ROTATED.shortName())) {
                versions.add(entry.text("version"));
            } else if (type.equals(EventType.KEY_REVOKED.shortName())) {
                revocation = Revocation.from(entry);
                restore = null;
            } else if (type.equals(EventType.KEY_RESTORED.shortName())) {
                Revocation restored = Revocation.from(entry);
                if (revocation != null && revocation.sameTarget(restored)) {
                    restore = restored;
                }
            } else if (type.equals(EventType.KEY_DELETED.shortName())) {
                deleted = true;
            } else if (type.equals(EventType.KEY_RECOVERED.shortName())) {
                deleted = false;
            }
        }
        Map<String, AccountOnKey> accounts = keyAccounts == null ? Map.of() : keyAccounts.accounts();
        return new KeyStatus(versions, deleted, revocation, restore, accounts);
    }

    public String latestVersion() {
        return versions.isEmpty() ? null : versions.get(versions.size() - 1);
    }
}
