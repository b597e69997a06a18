package io.rekey.events.account;

import io.rekey.events.EventData;
import io.rekey.events.ids.AccountName;

/** A fact about a storage account, published on {@code storage.account-events}. */
public sealed interface AccountEvent extends EventData
        permits AccountCreated,
                AccountEncryptionChanged,
                AccountKeyRewrapped,
                AccountLocked,
                AccountUnlocked,
                AccountDeleted {

    AccountName account();

    @Override
    default String subject() {
        return account().value();
    }
}
