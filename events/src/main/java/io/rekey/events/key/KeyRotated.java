package io.rekey.events.key;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.rekey.events.Require;
import io.rekey.events.ids.KeyName;
import io.rekey.events.ids.KeyVersion;

/** A new version became the key's current one; the previous version stays usable for unwrap while enabled. */
public record KeyRotated(
        @JsonProperty(value = "key", required = true) KeyName key,
        @JsonProperty(value = "version", required = true) KeyVersion version,

        @JsonProperty(value = "previousVersion", required = true)
        KeyVersion previousVersion,

        @JsonProperty(value = "keySize", required = true) int keySize,
        @JsonProperty(value = "trigger", required = true) RotationTrigger trigger,
        @JsonProperty(value = "publicKey", required = true) PublicJwk publicKey)
        implements KeyEvent {

    public KeyRotated {
        Require.present("key", key);
        Require.present("version", version);
        Require.present("previousVersion", previousVersion);
        Require.positive("keySize", keySize);
        Require.present("trigger", trigger);
        Require.present("publicKey", publicKey);
    }
}
