package io.rekey.events.account;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.rekey.events.Require;
import io.rekey.events.ids.AccountName;

/** The account's AEK was re-wrapped under other encryption settings; no blob was re-encrypted. */
public record AccountEncryptionChanged(
        @JsonProperty(value = "account", required = true) AccountName account,

        @JsonProperty(value = "previousKeySource", required = true)
        KeySource previousKeySource,

        @JsonProperty(value = "encryption", required = true) AccountEncryption encryption)
        implements AccountEvent {

    public AccountEncryptionChanged {
        Require.present("account", account);
        Require.present("previousKeySource", previousKeySource);
        Require.present("encryption", encryption);
    }
}
