package io.rekey.events.key;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.rekey.events.Require;
import io.rekey.events.ids.KeyName;
import java.time.Instant;

/** A key was soft-deleted: unusable, but recoverable until {@code scheduledPurge}. */
public record KeyDeleted(
        @JsonProperty(value = "key", required = true) KeyName key,

        @JsonProperty(value = "scheduledPurge", required = true)
        Instant scheduledPurge)
        implements KeyEvent {

    public KeyDeleted {
        Require.present("key", key);
        Require.present("scheduledPurge", scheduledPurge);
    }
}
