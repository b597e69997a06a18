package io.rekey.events.key;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.rekey.events.Require;
import io.rekey.events.ids.CallerId;
import io.rekey.events.ids.KeyName;
import io.rekey.events.ids.KeyVersion;

/**
 * Access to a key was taken away: the whole key, one version, or one caller's permission. The vault refuses wrap and
 * unwrap for what was revoked from this moment; consumers lock whatever depends on it.
 */
public record KeyRevoked(
        @JsonProperty(value = "key", required = true) KeyName key,
        @JsonProperty(value = "scope", required = true) RevocationScope scope,
        @JsonProperty("version") KeyVersion version,
        @JsonProperty("caller") CallerId caller,
        @JsonProperty("reason") String reason)
        implements KeyEvent {

    public KeyRevoked {
        Require.present("key", key);
        Require.scopeTarget(scope, version, caller);
    }

    public static KeyRevoked wholeKey(KeyName key, String reason) {
        return new KeyRevoked(key, RevocationScope.KEY, null, null, reason);
    }

    public static KeyRevoked oneVersion(KeyName key, KeyVersion version, String reason) {
        return new KeyRevoked(key, RevocationScope.VERSION, version, null, reason);
    }

    public static KeyRevoked oneCaller(KeyName key, CallerId caller, String reason) {
        return new KeyRevoked(key, RevocationScope.CALLER, null, caller, reason);
    }
}
