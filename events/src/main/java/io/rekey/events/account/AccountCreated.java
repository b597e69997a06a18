package io.rekey.events.account;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.rekey.events.Require;
import io.rekey.events.ids.AccountName;

/** An account was created with a fresh AEK, wrapped as its encryption settings say. */
public record AccountCreated(
        @JsonProperty(value = "account", required = true) AccountName account,
        @JsonProperty(value = "encryption", required = true) AccountEncryption encryption)
        implements AccountEvent {

    public AccountCreated {
        Require.present("account", account);
        Require.present("encryption", encryption);
    }
}
