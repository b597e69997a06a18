package io.rekey.events;

import io.rekey.events.account.AccountCreated;
import io.rekey.events.account.AccountDeleted;
import io.rekey.events.account.AccountEncryptionChanged;
import io.rekey.events.account.AccountKeyRewrapped;
import io.rekey.events.account.AccountLocked;
import io.rekey.events.account.AccountUnlocked;
import io.rekey.events.key.KeyAttributesChanged;
import io.rekey.events.key.KeyCreated;
import io.rekey.events.key.KeyDeleted;
import io.rekey.events.key.KeyPurged;
import io.rekey.events.key.KeyRecovered;
import io.rekey.events.key.KeyRestored;
import io.rekey.events.key.KeyRevoked;
import io.rekey.events.key.KeyRotated;
import io.rekey.events.key.KeyRotationPolicyChanged;
import io.rekey.events.usage.KeyUsed;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The closed list of event types. The wire carries only the logical name; a reader maps it back through this list and
 * nothing else, so no class name is ever read from a record.
 */
public enum EventType {
    KEY_CREATED("io.rekey.vault.KeyCreated", KeyCreated.class, 1),
    KEY_ROTATED("io.rekey.vault.KeyRotated", KeyRotated.class, 1),
    KEY_REVOKED("io.rekey.vault.KeyRevoked", KeyRevoked.class, 1),
    KEY_RESTORED("io.rekey.vault.KeyRestored", KeyRestored.class, 1),
    KEY_ATTRIBUTES_CHANGED("io.rekey.vault.KeyAttributesChanged", KeyAttributesChanged.class, 1),
    KEY_ROTATION_POLICY_CHANGED("io.rekey.vault.KeyRotationPolicyChanged", KeyRotationPolicyChanged.class, 1),
    KEY_DELETED("io.rekey.vault.KeyDeleted", KeyDeleted.class, 1),
    KEY_RECOVERED("io.rekey.vault.KeyRecovered", KeyRecovered.class, 1),
    KEY_PURGED("io.rekey.vault.KeyPurged", KeyPurged.class, 1),
    KEY_USED("io.rekey.vault.KeyUsed", KeyUsed.class, 1),
    ACCOUNT_CREATED("io.rekey.storage.AccountCreated", AccountCreated.class, 1),
    ACCOUNT_ENCRYPTION_CHANGED("io.rekey.storage.AccountEncryptionChanged", AccountEncryptionChanged.class, 1),
    ACCOUNT_KEY_REWRAPPED("io.rekey.storage.AccountKeyRewrapped", AccountKeyRewrapped.class, 1),
    ACCOUNT_LOCKED("io.rekey.storage.AccountLocked", AccountLocked.class, 1),
    ACCOUNT_UNLOCKED("io.rekey.storage.AccountUnlocked", AccountUnlocked.class, 1),
    ACCOUNT_DELETED("io.rekey.storage.AccountDeleted", AccountDeleted.class, 1);

    private static final Map<String, EventType> BY_LOGICAL_NAME =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(EventType::logicalName, Function.identity()));
    private static final Map<Class<?>, EventType> BY_DATA_CLASS =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(t -> t.dataClass, Function.identity()));

    private final String logicalName;
    private final Class<? extends EventData> dataClass;
    private final int schemaVersion;

    EventType(String logicalName, Class<? extends EventData> dataClass, int schemaVersion) {
        this.logicalName = logicalName;
        this.dataClass = dataClass;
        this.schemaVersion = schemaVersion;
    }

    public static Optional<EventType> fromLogicalName(String logicalName) {
        return Optional.ofNullable(BY_LOGICAL_NAME.get(logicalName));
    }

    public static EventType of(EventData data) {
        return BY_DATA_CLASS.get(data.getClass());
    }

    /** The CloudEvents {@code type} attribute. */
    public String logicalName() {
        return logicalName;
    }

    /** The short name used in logs and queries, such as {@code KeyRotated}. */
    public String shortName() {
        return dataClass.getSimpleName();
    }

    public Class<? extends EventData> dataClass() {
        return dataClass;
    }

    /** The schema version this build writes; readers accept this one and older ones. */
    public int schemaVersion() {
        return schemaVersion;
    }
}
