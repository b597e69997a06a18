package io.rekey.vault.keys;

import io.rekey.events.ids.CallerId;
import io.rekey.events.ids.KeyName;
import io.rekey.events.ids.KeyVersion;
import io.rekey.events.key.KeyOrigin;
import io.rekey.events.key.RevocationScope;
import io.rekey.events.key.RotationTrigger;
import io.rekey.vault.crypto.KeyMaterial;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What a caller asks the vault to do with one key. Imperative names; the aggregate turns each into events. */
public sealed interface KeyCommand {

    KeyName key();

    /**
     * Create a key, or add a version to an existing one (the cloud API's create and import both do that). The
     * material was made or imported before the command, so deciding stays free of crypto.
     */
    record CreateKey(
            KeyName key,
            String kty,
            List<String> keyOps,
            boolean enabled,
            Instant notBefore,
            Instant expires,
            Map<String, String> tags,
            KeyOrigin origin,
            KeyMaterial material)
            implements KeyCommand {}

    record RotateKey(KeyName key, RotationTrigger trigger, KeyMaterial material) implements KeyCommand {}

    /** Fields left null stay as they are. */
    record UpdateVersion(
            KeyName key,
            KeyVersion version,
            Boolean enabled,
            Instant notBefore,
            Instant expires,
            Map<String, String> tags,
            List<String> keyOps)
            implements KeyCommand {}

    record Revoke(KeyName key, RevocationScope scope, KeyVersion version, CallerId caller, String reason)
            implements KeyCommand {}

    record Reinstate(KeyName key, RevocationScope scope, KeyVersion version, CallerId caller) implements KeyCommand {}

    record DeleteKey(KeyName key, Duration retention) implements KeyCommand {}

    record RecoverKey(KeyName key) implements KeyCommand {}

    record PurgeKey(KeyName key) implements KeyCommand {}

    record SetRotationPolicy(KeyName key, RotationPolicy policy) implements KeyCommand {}
}
