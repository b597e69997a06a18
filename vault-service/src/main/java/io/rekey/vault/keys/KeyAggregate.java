package io.rekey.vault.keys;

import io.rekey.events.ids.CallerId;
import io.rekey.events.ids.KeyName;
import io.rekey.events.ids.KeyVersion;
import io.rekey.events.key.KeyAttributesChanged;
import io.rekey.events.key.KeyCreated;
import io.rekey.events.key.KeyDeleted;
import io.rekey.events.key.KeyEvent;
import io.rekey.events.key.KeyOrigin;
import io.rekey.events.key.KeyPurged;
import io.rekey.events.key.KeyRecovered;
import io.rekey.events.key.KeyRestored;
import io.rekey.events.key.KeyRevoked;
import io.rekey.events.key.KeyRotated;
import io.rekey.events.key.KeyRotationPolicyChanged;
import io.rekey.events.key.PublicJwk;
import io.rekey.events.key.RevocationScope;
import io.rekey.events.key.RotationTrigger;
import io.rekey.vault.crypto.KeyMaterial;
import io.rekey.vault.keys.KeyCommand.CreateKey;
import io.rekey.vault.keys.KeyCommand.DeleteKey;
import io.rekey.vault.keys.KeyCommand.PurgeKey;
import io.rekey.vault.keys.KeyCommand.RecoverKey;
import io.rekey.vault.keys.KeyCommand.Reinstate;
import io.rekey.vault.keys.KeyCommand.Revoke;
import io.rekey.vault.keys.KeyCommand.RotateKey;
import io.rekey.vault.keys.KeyCommand.SetRotationPolicy;
import io.rekey.vault.keys.KeyCommand.UpdateVersion;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The key aggregate. {@link #decide} turns a command and the current state into events (none when nothing would
 * change, so a retried command is harmless); {@link #evolve} applies one event to a state. Events carry no private
 * material; the material of a new version comes from the command that made it.
 */
public final class KeyAggregate {
    private final BiFunction<KeyName, KeyVersion, String> kidOf;

    /** @param kidOf the key id (URL) a version is published under, for the public JWK in events */
    public KeyAggregate(BiFunction<KeyName, KeyVersion, String> kidOf) {
        this.kidOf = kidOf;
    }

    public List<KeyEvent> decide(KeyState state, KeyCommand command, Instant now) {
        if (command instanceof CreateKey create) {
            return decideCreate(state, create);
        } else if (command instanceof RotateKey rotate) {
            return decideRotate(state, rotate);
        } else if (command instanceof UpdateVersion update) {
            return decideUpdate(state, update);
        } else if (command instanceof Revoke revoke) {
            return decideRevoke(state, revoke);
        } else if (command instanceof Reinstate reinstate) {
            return decideReinstate(state, reinstate);
        } else if (command instanceof DeleteKey delete) {
            return List.of(new KeyDeleted(requireActive(state).name(), now.plus(delete.retention())));
        } else if (command instanceof RecoverKey) {
            return List.of(new KeyRecovered(requireDeleted(state).name()));
        } else if (command instanceof PurgeKey) {
            return List.of(new KeyPurged(requireDeleted(state).name()));
        } else if (command instanceof SetRotationPolicy set) {
            return decidePolicy(state, set);
        }
        throw new IllegalArgumentException(
                "unknown command " + command.getClass().getSimpleName());
    }

    /** Applies a sequence of events in order. */
    public KeyState evolveAll(KeyState state, List<KeyEvent> events, KeyCommand command, Instant now) {
        KeyState result = state;
        for (KeyEvent event : events) {
            result = evolve(result, event, command, now);
        }
        return result.withSequence(state.sequence() + events.size());
    }

    public KeyState evolve(KeyState state, KeyEvent event, KeyCommand command, Instant now) {
        if (event instanceof KeyCreated created) {
            return KeyState.absent(state.name())
                    .withSequence(state.sequence())
                    .withVersion(newVersion(created.version(), (CreateKey) command, now));
        } else if (event instanceof KeyRotated rotated) {
            return state.withVersion(rotatedVersion(state, rotated.version(), command, now));
        } else if (event instanceof KeyAttributesChanged changed) {
            VersionState version = state.versions().get(changed.version());
            return state.withVersion(version.withAttributes(
                    changed.enabled(), changed.notBefore(), changed.expires(), changed.tags(), changed.keyOps(), now));
        } else if (event instanceof KeyRevoked revoked) {
            return applyRevocation(state, revoked.scope(), revoked.version(), revoked.caller(), true, now);
        } else if (event instanceof KeyRestored restored) {
            return applyRevocation(state, restored.scope(), restored.version(), restored.caller(), false, now);
        } else if (event instanceof KeyDeleted deleted) {
            return state.withDeletion(now, deleted.scheduledPurge());
        } else if (event instanceof KeyRecovered) {
            return state.withDeletion(null, null);
        } else if (event instanceof KeyPurged) {
            return state.asPurged();
        } else if (event instanceof KeyRotationPolicyChanged) {
            return state.withPolicy(((SetRotationPolicy) command).policy());
        }
        throw new IllegalArgumentException("unknown event " + event.getClass().getSimpleName());
    }

    private List<KeyEvent> decideCreate(KeyState state, CreateKey create) {
        if (state.exists() && state.isDeleted()) {
            throw KeyRejected.deletedButRecoverable(state.name());
        }
        KeyVersion version = KeyVersion.random();
        KeyMaterial material = create.material();
        if (!state.exists()) {
            return List.of(new KeyCreated(
                    state.name(),
                    version,
                    material.keySize(),
                    create.keyOps(),
                    create.origin(),
                    jwk(state.name(), version, material)));
        }
        RotationTrigger trigger = create.origin() == KeyOrigin.IMPORTED ? RotationTrigger.IMPORT : RotationTrigger.API;
        return List.of(new KeyRotated(
                state.name(),
                version,
                state.current().version(),
                material.keySize(),
                trigger,
                jwk(state.name(), version, material)));
    }

    private List<KeyEvent> decideRotate(KeyState state, RotateKey rotate) {
        requireActive(state);
        KeyVersion version = KeyVersion.random();
        return List.of(new KeyRotated(
                state.name(),
                version,
                state.current().version(),
                rotate.material().keySize(),
                rotate.trigger(),
                jwk(state.name(), version, rotate.material())));
    }

    private List<KeyEvent> decideUpdate(KeyState state, UpdateVersion update) {
        VersionState version = requireVersion(state, update.version());
        boolean enabled = update.enabled() == null ? version.enabled() : update.enabled();
        Instant notBefore = update.notBefore() == null ? version.notBefore() : update.notBefore();
        Instant expires = update.expires() == null ? version.expires() : update.expires();
        Map<String, String> tags = update.tags() == null ? version.tags() : update.tags();
        List<String> keyOps = update.keyOps() == null ? version.keyOps() : update.keyOps();
        if (enabled == version.enabled()
                && Objects.equals(notBefore, version.notBefore())
                && Objects.equals(expires, version.expires())
                && tags.equals(version.tags())
                && keyOps.equals(version.keyOps())) {
            return List.of();
        }
        List<KeyEvent> events = new ArrayList<>();
        events.add(
                new KeyAttributesChanged(state.name(), version.version(), enabled, notBefore, expires, tags, keyOps));
        if (enabled != version.enabled()) {
            events.add(
                    enabled
                            ? KeyRestored.oneVersion(state.name(), version.version())
                            : KeyRevoked.oneVersion(state.name(), version.version(), "disabled"));
        }
        return events;
    }

    private List<KeyEvent> decideRevoke(KeyState state, Revoke revoke) {
        requireActive(state);
        return switch (revoke.scope()) {
            case KEY -> state.revoked() ? List.of() : List.of(KeyRevoked.wholeKey(state.name(), revoke.reason()));
            case VERSION -> {
                VersionState version = requireVersion(state, revoke.version());
                yield version.enabled()
                        ? List.of(
                                attributesWithEnabled(state, version, false),
                                KeyRevoked.oneVersion(state.name(), version.version(), revoke.reason()))
                        : List.of();
            }
            case CALLER ->
                state.isRevokedFor(revoke.caller())
                        ? List.of()
                        : List.of(KeyRevoked.oneCaller(state.name(), revoke.caller(), revoke.reason()));
        };
    }

    private List<KeyEvent> decideReinstate(KeyState state, Reinstate reinstate) {
        requireActive(state);
        return switch (reinstate.scope()) {
            case KEY -> state.revoked() ? List.of(KeyRestored.wholeKey(state.name())) : List.of();
            case VERSION -> {
                VersionState version = requireVersion(state, reinstate.version());
                yield version.enabled()
                        ? List.of()
                        : List.of(
                                attributesWithEnabled(state, version, true),
                                KeyRestored.oneVersion(state.name(), version.version()));
            }
            case CALLER ->
                state.isRevokedFor(reinstate.caller())
                        ? List.of(KeyRestored.oneCaller(state.name(), reinstate.caller()))
                        : List.of();
        };
    }

    private List<KeyEvent> decidePolicy(KeyState state, SetRotationPolicy set) {
        requireActive(state);
        RotationPolicy policy = set.policy();
        return List.of(new KeyRotationPolicyChanged(
                state.name(),
                policy.rotateAfter().orElse(null),
                policy.expiresAfter().orElse(null)));
    }

    private static KeyAttributesChanged attributesWithEnabled(KeyState state, VersionState version, boolean enabled) {
        return new KeyAttributesChanged(
                state.name(),
                version.version(),
                enabled,
                version.notBefore(),
                version.expires(),
                version.tags(),
                version.keyOps());
    }

    private static KeyState applyRevocation(
            KeyState state, RevocationScope scope, KeyVersion version, CallerId caller, boolean revoke, Instant now) {
        return switch (scope) {
            case KEY -> state.withRevoked(revoke);
            case VERSION -> state.withVersion(state.versions().get(version).withEnabled(!revoke, now));
            case CALLER -> {
                Set<CallerId> callers = new HashSet<>(state.revokedCallers());
                if (revoke) {
                    callers.add(caller);
                } else {
                    callers.remove(caller);
                }
                yield state.withRevokedCallers(callers);
            }
        };
    }

    private static VersionState newVersion(KeyVersion version, CreateKey create, Instant now) {
        return new VersionState(
                version,
                create.kty(),
                create.keyOps(),
                create.enabled(),
                create.notBefore(),
                create.expires(),
                now,
                now,
                create.tags(),
                create.origin(),
                create.material());
    }

    /** A rotated version inherits the current one's type, operations and tags; the policy may give it an expiry. */
    private static VersionState rotatedVersion(KeyState state, KeyVersion version, KeyCommand command, Instant now) {
        if (command instanceof CreateKey create) {
            return newVersion(version, create, now);
        }
        RotateKey rotate = (RotateKey) command;
        VersionState current = state.current();
        Instant expires = state.rotationPolicy() == null
                ? null
                : state.rotationPolicy().expiresAfter().map(now::plus).orElse(null);
        return new VersionState(
                version,
                current.kty(),
                current.keyOps(),
                true,
                null,
                expires,
                now,
                now,
                current.tags(),
                KeyOrigin.GENERATED,
                rotate.material());
    }

    private PublicJwk jwk(KeyName name, KeyVersion version, KeyMaterial material) {
        return new PublicJwk(
                kidOf.apply(name, version), "RSA", material.modulusBase64Url(), material.exponentBase64Url());
    }

    private static KeyState requireActive(KeyState state) {
        if (!state.isActive()) {
            throw KeyRejected.keyNotFound(state.name());
        }
        return state;
    }

    private static KeyState requireDeleted(KeyState state) {
        if (!state.exists() || !state.isDeleted()) {
            throw KeyRejected.deletedKeyNotFound(state.name());
        }
        return state;
    }

    private static VersionState requireVersion(KeyState state, KeyVersion version) {
        requireActive(state);
        return state.version(version).orElseThrow(() -> KeyRejected.versionNotFound(state.name(), version));
    }
}
