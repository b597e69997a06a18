package io.rekey.events.key;

import io.rekey.events.EventData;
import io.rekey.events.ids.KeyName;

/** A fact in the lifecycle of a vault key, published on {@code vault.key-events}. */
public sealed interface KeyEvent extends EventData
        permits KeyCreated,
                KeyRotated,
                KeyRevoked,
                KeyRestored,
                KeyAttributesChanged,
                KeyRotationPolicyChanged,
                KeyDeleted,
                KeyRecovered,
                KeyPurged {

    KeyName key();

    @Override
    default String subject() {
        return key().value();
    }
}
