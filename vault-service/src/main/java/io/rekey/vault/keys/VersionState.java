package io.rekey.vault.keys;

import io.rekey.events.ids.KeyVersion;
import io.rekey.events.key.KeyOrigin;
import io.rekey.vault.crypto.KeyMaterial;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One version of a key: its attributes, kept apart from its material. Immutable; changes make a copy.
 *
 * @param enabled false when the version was disabled or revoked on its own
 */
public record VersionState(
        KeyVersion version,
        String kty,
        List<String> keyOps,
        boolean enabled,
        Instant notBefore,
        Instant expires,
        Instant created,
        Instant updated,
        Map<String, String> tags,
        KeyOrigin origin,
        KeyMaterial material) {

    public VersionState {
        keyOps = List.copyOf(keyOps);
        tags = Map.copyOf(tags);
    }

    public int keySize() {
        return material.keySize();
    }

    public VersionState withEnabled(boolean newEnabled, Instant now) {
        return new VersionState(
                version, kty, keyOps, newEnabled, notBefore, expires, created, now, tags, origin, material);
    }

    public VersionState withAttributes(
            boolean newEnabled,
            Instant newNotBefore,
            Instant newExpires,
            Map<String, String> newTags,
            List<String> newKeyOps,
            Instant now) {
        return new VersionState(
                version, kty, newKeyOps, newEnabled, newNotBefore, newExpires, created, now, newTags, origin, material);
    }
}
