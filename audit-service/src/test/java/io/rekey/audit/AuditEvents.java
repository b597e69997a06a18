package io.rekey.audit;

import io.rekey.events.EventData;
import io.rekey.events.EventEnvelope;
import io.rekey.events.account.AccountCreated;
import io.rekey.events.account.AccountEncryption;
import io.rekey.events.account.AccountKeyRewrapped;
import io.rekey.events.account.AccountLocked;
import io.rekey.events.account.AccountUnlocked;
import io.rekey.events.account.KeySource;
import io.rekey.events.account.LockReason;
import io.rekey.events.ids.AccountName;
import io.rekey.events.ids.CallerId;
import io.rekey.events.ids.KeyName;
import io.rekey.events.ids.KeyVersion;
import io.rekey.events.key.KeyCreated;
import io.rekey.events.key.KeyOrigin;
import io.rekey.events.key.KeyRotated;
import io.rekey.events.key.PublicJwk;
import io.rekey.events.key.RotationTrigger;
import io.rekey.events.serde.EventJson;
import io.rekey.events.signing.EventSigner;
import io.rekey.events.usage.KeyOperation;
import io.rekey.events.usage.KeyUsed;
import io.rekey.events.usage.UsageOutcome;
import java.net.URI;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds events as the vault and storage publish them: per-subject sequence numbers, signed key events, the events
 * module's JSON. Shared by the topology tests and the broker tests.
 */
public final class AuditEvents {
    public static final URI VAULT = URI.create("urn:rekey:vault:test");
    public static final URI STORAGE = URI.create("urn:rekey:storage:test");
    public static final String VAULT_URI = "http://127.0.0.1:8200";

    private final EventSigner signer;
    private final EventJson json = new EventJson();
    private final Map<String, Long> sequences = new HashMap<>();

    public AuditEvents(EventSigner signer) {
        this.signer = signer;
    }

    /** A key event, signed if this fixture has a signer. */
    public EventEnvelope key(EventData data, Instant at) {
        EventEnvelope event = EventEnvelope.of(VAULT, next("key:" + data.subject()), data, at);
        return signer == null ? event : signer.sign(event);
    }

    public EventEnvelope account(EventData data, Instant at) {
        return EventEnvelope.of(STORAGE, next("account:" + data.subject()), data, at);
    }

    public EventEnvelope usage(KeyUsed use) {
        return EventEnvelope.of(VAULT, next("usage:" + use.subject()), use, use.at());
    }

    public byte[] bytes(EventEnvelope event) {
        return json.write(event);
    }

    private long next(String subject) {
        return sequences.merge(subject, 1L, Long::sum);
    }

    public static PublicJwk jwk(KeyName key, KeyVersion version) {
        return new PublicJwk(VAULT_URI + "/keys/" + key + "/" + version, "RSA", "sXch", "AQAB");
    }

    public static KeyCreated created(KeyName key, KeyVersion version) {
        return new KeyCreated(
                key, version, 3072, List.of("wrapKey", "unwrapKey"), KeyOrigin.GENERATED, jwk(key, version));
    }

    public static KeyRotated rotated(KeyName key, KeyVersion previous, KeyVersion version) {
        return new KeyRotated(key, version, previous, 3072, RotationTrigger.API, jwk(key, version));
    }

    public static AccountCreated accountOn(AccountName account, KeyName key, KeyVersion version, KeyVersion pinned) {
        return new AccountCreated(
                account,
                new AccountEncryption(KeySource.CUSTOMER_MANAGED, VAULT_URI, key, pinned, version, "d3JhcHBlZA"));
    }

    public static AccountCreated serviceManaged(AccountName account) {
        return new AccountCreated(
                account, new AccountEncryption(KeySource.SERVICE_MANAGED, null, null, null, null, "d3JhcHBlZA"));
    }

    public static AccountKeyRewrapped rewrapped(
            AccountName account, KeyName key, KeyVersion previous, KeyVersion version) {
        return new AccountKeyRewrapped(account, key, previous, version, "bmV3d3JhcA", null);
    }

    public static AccountLocked locked(AccountName account, KeyName key, String causeEventId) {
        return new AccountLocked(account, key, null, LockReason.KEY_REVOKED, causeEventId);
    }

    public static AccountUnlocked unlocked(AccountName account, KeyName key, String causeEventId) {
        return new AccountUnlocked(account, key, null, causeEventId);
    }

    public static KeyUsed used(
            KeyName key, KeyVersion version, String caller, KeyOperation op, UsageOutcome outcome, Instant at) {
        return new KeyUsed(
                key,
                version,
                op,
                "RSA-OAEP-256",
                CallerId.of(caller),
                outcome,
                outcome == UsageOutcome.SUCCEEDED ? null : "Forbidden",
                at);
    }
}
