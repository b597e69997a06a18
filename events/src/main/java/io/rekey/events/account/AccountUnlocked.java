package io.rekey.events.account;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.rekey.events.Require;
import io.rekey.events.ids.AccountName;
import io.rekey.events.ids.KeyName;
import io.rekey.events.ids.KeyVersion;

/** The account serves blobs again: its key was restored and its AEK unwrapped. */
public record AccountUnlocked(
        @JsonProperty(value = "account", required = true) AccountName account,
        @JsonProperty(value = "key", required = true) KeyName key,
        @JsonProperty("version") KeyVersion version,
        @JsonProperty("causeEventId") String causeEventId)
        implements AccountEvent {

    public AccountUnlocked {
        Require.present("account", account);
        Require.present("key", key);
    }
}
