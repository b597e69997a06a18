package io.rekey.events.account;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.rekey.events.Require;
import io.rekey.events.ids.AccountName;

/** The account and its blobs were deleted. */
public record AccountDeleted(
        @JsonProperty(value = "account", required = true) AccountName account) implements AccountEvent {

    public AccountDeleted {
        Require.present("account", account);
    }
}
