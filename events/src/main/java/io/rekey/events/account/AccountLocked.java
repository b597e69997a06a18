package io.rekey.events.account;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.rekey.events.Require;
import io.rekey.events.ids.AccountName;
import io.rekey.events.ids.KeyName;
import io.rekey.events.ids.KeyVersion;

/** The account refuses every blob read and write because access to its key was revoked. */
public record AccountLocked(
        @JsonProperty(value = "account", required = true) AccountName account,
        @JsonProperty(value = "key", required = true) KeyName key,
        @JsonProperty("version") KeyVersion version,
        @JsonProperty(value = "reason", required = true) LockReason reason,
        @JsonProperty("causeEventId") String causeEventId)
        implements AccountEvent {

    public AccountLocked {
        Require.present("account", account);
        Require.present("key", key);
        Require.present("reason", reason);
    }
}
