package io.rekey.audit.view;

import io.rekey.events.key.RevocationScope;
import java.time.Instant;

/** A revocation (or the restore that undid it) as the key's history records it. */
public record Revocation(
        String eventId, Instant at, RevocationScope scope, String version, String caller, String reason) {

    static Revocation from(HistoryEntry entry) {
        return new Revocation(
                entry.eventId(),
                entry.time(),
                RevocationScope.valueOf(entry.text("scope")),
                entry.text("version"),
                entry.text("caller"),
                entry.text("reason"));
    }

    boolean sameTarget(Revocation other) {
        return scope == other.scope
                && java.util.Objects.equals(version, other.version)
                && java.util.Objects.equals(caller, other.caller);
    }
}
