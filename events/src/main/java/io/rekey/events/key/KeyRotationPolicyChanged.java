package io.rekey.events.key;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.rekey.events.Require;
import io.rekey.events.ids.KeyName;
import java.time.Duration;

/** A key's rotation policy was set or cleared; a null interval means the key only rotates on request. */
public record KeyRotationPolicyChanged(
        @JsonProperty(value = "key", required = true) KeyName key,
        @JsonProperty("rotateAfter") Duration rotateAfter,
        @JsonProperty("expiresAfter") Duration expiresAfter)
        implements KeyEvent {

    public KeyRotationPolicyChanged {
        Require.present("key", key);
    }
}
