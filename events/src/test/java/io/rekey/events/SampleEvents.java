package io.rekey.events;

import io.rekey.events.account.AccountCreated;
import io.rekey.events.account.AccountDeleted;
import io.rekey.events.account.AccountEncryption;
import io.rekey.events.account.AccountEncryptionChanged;
import io.rekey.events.account.AccountKeyRewrapped;
import io.rekey.events.account.AccountLocked;
import io.rekey.events.account.AccountUnlocked;
import io.rekey.events.account.KeySource;
import io.rekey.events.account.LockReason;
import io.rekey.events.ids.AccountName;
import io.rekey.events.ids.CallerId;
import io.rekey.events.ids.KeyName;
import io.rekey.events.ids.KeyVersion;
import io.rekey.events.key.KeyAttributesChanged;
import io.rekey.events.key.KeyCreated;
import io.rekey.events.key.KeyDeleted;
import io.rekey.events.key.KeyOrigin;
import io.rekey.events.key.KeyPurged;
import io.rekey.events.key.KeyRecovered;
import io.rekey.events.key.KeyRestored;
import io.rekey.events.key.KeyRevoked;
import io.rekey.events.key.KeyRotated;
import io.rekey.events.key.KeyRotationPolicyChanged;
import io.rekey.events.key.PublicJwk;
import io.rekey.events.key.RotationTrigger;
import io.rekey.events.usage.KeyOperation;
import io.rekey.events.usage.KeyUsed;
import io.rekey.events.usage.UsageOutcome;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** One realistic example of every event type, for round-trip and contract tests. */
public final class SampleEvents {
    public static final URI SOURCE = URI.create("rekey://vault/test");
    public static final Instant AT = Instant.parse("2026-12-04T10:15:30.123Z");
    public static final KeyName KEY = KeyName.of("customer-key");
    public static final KeyVersion V1 = KeyVersion.of("0123456789abcdef0123456789abcdef");
    public static final KeyVersion V2 = KeyVersion.of("fedcba9876543210fedcba9876543210");
    public static final AccountName ACCOUNT = AccountName.of("acme01");

    private SampleEvents() {}

    public static PublicJwk jwk(KeyVersion version) {
        return new PublicJwk("https://127.0.0.1/keys/customer-key/" + version, "RSA", "qL7mZx0_Vn-3", "AQAB");
    }

    public static AccountEncryption customerManaged(KeyVersion inUse) {
        return new AccountEncryption(
                KeySource.CUSTOMER_MANAGED, "https://127.0.0.1:8200", KEY, null, inUse, "d3JhcHBlZC1hZWs");
    }

    public static Map<EventType, EventData> oneOfEach() {
        Map<EventType, EventData> samples = new EnumMap<>(EventType.class);
        samples.put(
                EventType.KEY_CREATED,
                new KeyCreated(KEY, V1, 3072, List.of("wrapKey", "unwrapKey"), KeyOrigin.GENERATED, jwk(V1)));
        samples.put(EventType.KEY_ROTATED, new KeyRotated(KEY, V2, V1, 3072, RotationTrigger.API, jwk(V2)));
        samples.put(EventType.KEY_REVOKED, KeyRevoked.oneCaller(KEY, CallerId.of("storage"), "offboarding"));
        samples.put(EventType.KEY_RESTORED, KeyRestored.oneVersion(KEY, V1));
        samples.put(
                EventType.KEY_ATTRIBUTES_CHANGED,
                new KeyAttributesChanged(KEY, V1, false, null, AT.plusSeconds(3600), Map.of("team", "payments"), null));
        samples.put(
                EventType.KEY_ROTATION_POLICY_CHANGED,
                new KeyRotationPolicyChanged(KEY, Duration.ofDays(90), Duration.ofDays(365)));
        samples.put(EventType.KEY_DELETED, new KeyDeleted(KEY, AT.plus(Duration.ofDays(7))));
        samples.put(EventType.KEY_RECOVERED, new KeyRecovered(KEY));
        samples.put(EventType.KEY_PURGED, new KeyPurged(KEY));
        samples.put(
                EventType.KEY_USED,
                new KeyUsed(
                        KEY,
                        V2,
                        KeyOperation.UNWRAP,
                        "RSA-OAEP-256",
                        CallerId.of("storage"),
                        UsageOutcome.SUCCEEDED,
                        null,
                        AT));
        samples.put(EventType.ACCOUNT_CREATED, new AccountCreated(ACCOUNT, customerManaged(V1)));
        samples.put(
                EventType.ACCOUNT_ENCRYPTION_CHANGED,
                new AccountEncryptionChanged(ACCOUNT, KeySource.SERVICE_MANAGED, customerManaged(V1)));
        samples.put(
                EventType.ACCOUNT_KEY_REWRAPPED,
                new AccountKeyRewrapped(ACCOUNT, KEY, V1, V2, "bmV3LXdyYXBwZWQtYWVr", "event-1"));
        samples.put(EventType.ACCOUNT_LOCKED, new AccountLocked(ACCOUNT, KEY, null, LockReason.KEY_REVOKED, "event-2"));
        samples.put(EventType.ACCOUNT_UNLOCKED, new AccountUnlocked(ACCOUNT, KEY, null, "event-3"));
        samples.put(EventType.ACCOUNT_DELETED, new AccountDeleted(ACCOUNT));
        return samples;
    }

    public static EventEnvelope envelope(EventData data) {
        return EventEnvelope.of(SOURCE, 7, data, AT);
    }
}
