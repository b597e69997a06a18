package io.rekey.events.key;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.rekey.events.Require;
import io.rekey.events.ids.KeyName;

/** A deleted key was destroyed for good; whatever it wrapped can no longer be unwrapped. */
public record KeyPurged(
        @JsonProperty(value = "key", required = true) KeyName key) implements KeyEvent {

    public KeyPurged {
        Require.present("key", key);
    }
}
