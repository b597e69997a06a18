package io.rekey.vault.keys;

import io.rekey.events.ids.CallerId;
import io.rekey.events.ids.KeyName;
import io.rekey.events.ids.KeyVersion;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Everything the vault knows about one key, rebuilt from the journal on start. Immutable: a change makes a new state,
 * so readers on the crypto path never lock and never see a half-made change.
 *
 * @param versions in creation order; the last one is the current version
 * @param revoked true while the whole key is revoked
 * @param revokedCallers callers whose access to this key was revoked
 * @param deletedAt set while the key is soft-deleted
 * @param purged true once the key was purged: only its name and sequence remain, so a new key of the same name
 *     continues the event sequence
 * @param sequence the sequence number of the last event published about this key
 */
public record KeyState(
        KeyName name,
        Map<KeyVersion, VersionState> versions,
        boolean revoked,
        Set<CallerId> revokedCallers,
        Instant deletedAt,
        Instant scheduledPurge,
        boolean purged,
        RotationPolicy rotationPolicy,
        long sequence) {

    public KeyState {
        versions = Collections.unmodifiableMap(new LinkedHashMap<>(versions));
        revokedCallers = Collections.unmodifiableSet(new TreeSet<>(revokedCallers));
    }

    /** The state before a key's first event. */
    public static KeyState absent(KeyName name) {
        return new KeyState(name, Map.of(), false, Set.of(), null, null, true, null, 0);
    }

    /** A key that exists now: created, not purged (it may be soft-deleted). */
    public boolean exists() {
        return !purged && !versions.isEmpty();
    }

    public boolean isDeleted() {
        return deletedAt != null;
    }

    /** Exists and is not soft-deleted. */
    public boolean isActive() {
        return exists() && !isDeleted();
    }

    public VersionState current() {
        List<VersionState> all = new ArrayList<>(versions.values());
        return all.get(all.size() - 1);
    }

    public Optional<VersionState> version(KeyVersion version) {
        return Optional.ofNullable(versions.get(version));
    }

    public boolean isRevokedFor(CallerId caller) {
        return revokedCallers.contains(caller);
    }

    KeyState withVersion(VersionState version) {
        Map<KeyVersion, VersionState> updated = new LinkedHashMap<>(versions);
        updated.put(version.version(), version);
        return new KeyState(
                name, updated, revoked, revokedCallers, deletedAt, scheduledPurge, false, rotationPolicy, sequence);
    }

    KeyState withRevoked(boolean newRevoked) {
        return new KeyState(
                name,
                versions,
                newRevoked,
                revokedCallers,
                deletedAt,
                scheduledPurge,
                purged,
                rotationPolicy,
                sequence);
    }

    KeyState withRevokedCallers(Set<CallerId> callers) {
        return new KeyState(
                name, versions, revoked, callers, deletedAt, scheduledPurge, purged, rotationPolicy, sequence);
    }

    KeyState withDeletion(Instant newDeletedAt, Instant newScheduledPurge) {
        return new KeyState(
                name,
                versions,
                revoked,
                revokedCallers,
                newDeletedAt,
                newScheduledPurge,
                purged,
                rotationPolicy,
                sequence);
    }

    KeyState withPolicy(RotationPolicy policy) {
        return new KeyState(
                name, versions, revoked, revokedCallers, deletedAt, scheduledPurge, purged, policy, sequence);
    }

    KeyState withSequence(long newSequence) {
        return new KeyState(
                name,
                versions,
                revoked,
                revokedCallers,
                deletedAt,
                scheduledPurge,
                purged,
                rotationPolicy,
                newSequence);
    }

    KeyState asPurged() {
        return new KeyState(name, Map.of(), false, Set.of(), null, null, true, null, sequence);
    }
}
