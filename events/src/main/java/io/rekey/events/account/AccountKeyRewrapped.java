package io.rekey.events.account;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.rekey.events.Require;
import io.rekey.events.ids.AccountName;
import io.rekey.events.ids.KeyName;
import io.rekey.events.ids.KeyVersion;

/** The account's AEK is now wrapped by a newer version of its key, after that key rotated. */
public record AccountKeyRewrapped(
        @JsonProperty(value = "account", required = true) AccountName account,
        @JsonProperty(value = "key", required = true) KeyName key,

        @JsonProperty(value = "previousVersion", required = true)
        KeyVersion previousVersion,

        @JsonProperty(value = "version", required = true) KeyVersion version,
        @JsonProperty(value = "wrappedAek", required = true) String wrappedAek,
        @JsonProperty("causeEventId") String causeEventId)
        implements AccountEvent {

    public AccountKeyRewrapped {
        Require.present("account", account);
        Require.present("key", key);
        Require.present("previousVersion", previousVersion);
        Require.present("version", version);
        Require.base64Url("wrappedAek", wrappedAek);
    }
}
