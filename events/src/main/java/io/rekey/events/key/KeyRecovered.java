package io.rekey.events.key;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.rekey.events.Require;
import io.rekey.events.ids.KeyName;

/** A soft-deleted key was brought back with all its versions. */
public record KeyRecovered(
        @JsonProperty(value = "key", required = true) KeyName key) implements KeyEvent {

    public KeyRecovered {
        Require.present("key", key);
    }
}
