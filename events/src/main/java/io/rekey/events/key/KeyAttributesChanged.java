package io.rekey.events.key;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.rekey.events.Require;
import io.rekey.events.ids.KeyName;
import io.rekey.events.ids.KeyVersion;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A version's attributes changed: enabled flag, activation and expiry times, tags or permitted operations. */
public record KeyAttributesChanged(
        @JsonProperty(value = "key", required = true) KeyName key,
        @JsonProperty(value = "version", required = true) KeyVersion version,
        @JsonProperty(value = "enabled", required = true) boolean enabled,
        @JsonProperty("notBefore") Instant notBefore,
        @JsonProperty("expires") Instant expires,
        @JsonProperty("tags") Map<String, String> tags,
        @JsonProperty("keyOps") List<String> keyOps)
        implements KeyEvent {

    public KeyAttributesChanged {
        Require.present("key", key);
        Require.present("version", version);
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        keyOps = keyOps == null ? List.of() : List.copyOf(keyOps);
    }
}
