package io.rekey.events.key;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.rekey.events.Require;
import io.rekey.events.ids.CallerId;
import io.rekey.events.ids.KeyName;
import io.rekey.events.ids.KeyVersion;

/** What a {@link KeyRevoked} of the same scope took away is usable again. */
public record KeyRestored(
        @JsonProperty(value = "key", required = true) KeyName key,
        @JsonProperty(value = "scope", required = true) RevocationScope scope,
        @JsonProperty("version") KeyVersion version,
        @JsonProperty("caller") CallerId caller)
        implements KeyEvent {

    public KeyRestored {
        Require.present("key", key);
        Require.scopeTarget(scope, version, caller);
    }

    public static KeyRestored wholeKey(KeyName key) {
        return new KeyRestored(key, RevocationScope.KEY, null, null);
    }

    public static KeyRestored oneVersion(KeyName key, KeyVersion version) {
        return new KeyRestored(key, RevocationScope.VERSION, version, null);
    }

    public static KeyRestored oneCaller(KeyName key, CallerId caller) {
        return new KeyRestored(key, RevocationScope.CALLER, null, caller);
    }
}
