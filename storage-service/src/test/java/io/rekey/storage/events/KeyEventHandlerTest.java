package io.rekey.storage.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rekey.events.EventEnvelope;
import io.rekey.events.EventType;
import io.rekey.events.account.AccountCreated;
import io.rekey.events.account.AccountEncryption;
import io.rekey.events.account.KeySource;
import io.rekey.events.account.LockReason;
import io.rekey.events.ids.AccountName;
import io.rekey.events.ids.CallerId;
import io.rekey.events.ids.KeyName;
import io.rekey.events.ids.KeyVersion;
import io.rekey.events.key.KeyEvent;
import io.rekey.events.key.KeyRevoked;
import io.rekey.events.key.KeyRotated;
import io.rekey.events.key.PublicJwk;
import io.rekey.events.key.RotationTrigger;
import io.rekey.events.serde.EventJson;
import io.rekey.service.auth.Secret;
import io.rekey.storage.account.AccountKeys;
import io.rekey.storage.account.AccountLedger;
import io.rekey.storage.account.AccountRegistry;
import io.rekey.storage.crypto.KeyMaterial;
import io.rekey.storage.vault.VaultClient;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How key events change accounts; the ledger writes to an in-memory producer. */
class KeyEventHandlerTest {
    private static final URI VAULT = URI.create("http://127.0.0.1:1");
    private static final KeyName KEY = KeyName.of("cmk");
    private static final KeyVersion V1 = KeyVersion.random();
    private static final KeyVersion V2 = KeyVersion.random();
    private static final CallerId SELF = CallerId.of("storage");

    private final MockProducer<byte[], byte[]> producer =
            new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    private final AccountRegistry registry = new AccountRegistry();
    private final AccountLedger ledger =
            new AccountLedger(producer, registry, URI.create("urn:test"), Clock.systemUTC(), Duration.ofSeconds(1));
    private final AccountKeys keys = new AccountKeys(
            KeyMaterial.newAesKey(),
            new VaultClient(new Secret("unused"), Duration.ofMillis(100)),
            Duration.ofMinutes(5),
            Clock.systemUTC());
    private final KeyWork work = new KeyWork(registry, ledger, keys, Duration.ofMillis(10), Duration.ofMillis(20));
    private final KeyEventHandler handler = new KeyEventHandler(registry, ledger, keys, work, SELF);

    @AfterEach
    void stopWork() {
        work.close();
    }

    @Test
    void givenAccountsOnKey_whenKeyRevoked_thenEachLockedOnceAndFenced() throws Exception {
        AccountName follower = account("follower", null, V1);
        AccountName pinned = account("pinned", V1, V1);
        AccountName other = account("other", null, V1, KeyName.of("another"));

        handler.handle(event(KeyRevoked.wholeKey(KEY, "test"), 1));

        assertTrue(registry.find(follower).orElseThrow().isLocked());
        assertTrue(registry.find(pinned).orElseThrow().isLocked());
        assertFalse(registry.find(other).orElseThrow().isLocked());
        assertTrue(keys.isFenced(follower));
        assertEquals(
                LockReason.KEY_REVOKED,
                registry.find(follower).orElseThrow().lock().reason());
        assertEquals(2, accountEvents(EventType.ACCOUNT_LOCKED));
    }

    @Test
    void givenLockedAccount_whenSameRevocationRedelivered_thenNothingMoreRecorded() throws Exception {
        account("acct", null, V1);
        EventEnvelope revoked = event(KeyRevoked.wholeKey(KEY, "test"), 1);

        handler.handle(revoked);
        new KeyEventHandler(registry, ledger, keys, work, SELF).handle(revoked);

        assertEquals(1, accountEvents(EventType.ACCOUNT_LOCKED));
    }

    @Test
    void givenHandledSequence_whenOlderEventArrives_thenIgnored() throws Exception {
        AccountName acct = account("acct", null, V1);
        handler.handle(event(KeyRevoked.oneVersion(KEY, V2, "test"), 5));

        handler.handle(event(KeyRevoked.wholeKey(KEY, "old"), 4));

        assertFalse(registry.find(acct).orElseThrow().isLocked());
        assertEquals(0, accountEvents(EventType.ACCOUNT_LOCKED));
    }

    @Test
    void givenVersionRevoked_whenHandled_thenOnlyAccountsOnThatVersionLock() throws Exception {
        AccountName onV1 = account("onv1", V1, V1);
        AccountName onV2 = account("onv2", null, V2);

        handler.handle(event(KeyRevoked.oneVersion(KEY, V1, "test"), 1));

        assertTrue(registry.find(onV1).orElseThrow().isLocked());
        assertFalse(registry.find(onV2).orElseThrow().isLocked());
        assertEquals(V1, registry.find(onV1).orElseThrow().lock().version());
    }

    @Test
    void givenCallerRevoked_whenCallerIsSomeoneElse_thenNothingLocks() throws Exception {
        AccountName acct = account("acct", null, V1);

        handler.handle(event(KeyRevoked.oneCaller(KEY, CallerId.of("reporting"), "test"), 1));
        assertFalse(registry.find(acct).orElseThrow().isLocked());

        handler.handle(event(KeyRevoked.oneCaller(KEY, SELF, "test"), 2));
        assertEquals(
                LockReason.CALLER_REVOKED,
                registry.find(acct).orElseThrow().lock().reason());
    }

    @Test
    void givenPinnedAccount_whenKeyRotated_thenNothingToRewrap() throws Exception {
        AccountName pinned = account("pinned", V1, V1);

        CompletableFuture<Void> effect = handler.handle(event(
                new KeyRotated(KEY, V2, V1, 2048, RotationTrigger.API, new PublicJwk("kid", "RSA", "AQAB", "AQAB")),
                1));

        assertTrue(effect.isDone());
        assertEquals(V1, registry.find(pinned).orElseThrow().encryption().versionInUse());
        assertEquals(0, accountEvents(EventType.ACCOUNT_KEY_REWRAPPED));
    }

    private AccountName account(String name, KeyVersion pinned, KeyVersion inUse) throws Exception {
        return account(name, pinned, inUse, KEY);
    }

    private AccountName account(String name, KeyVersion pinned, KeyVersion inUse, KeyName key) throws Exception {
        AccountName account = AccountName.of(name);
        AccountEncryption encryption =
                new AccountEncryption(KeySource.CUSTOMER_MANAGED, VAULT.toString(), key, pinned, inUse, "AAAA");
        ledger.update(account, latest -> new AccountCreated(account, encryption));
        return account;
    }

    private static EventEnvelope event(KeyEvent data, long sequence) {
        return EventEnvelope.of(URI.create("urn:vault"), sequence, data, Instant.now());
    }

    private long accountEvents(EventType type) {
        EventJson json = new EventJson();
        List<EventEnvelope> events =
                producer.history().stream().map(r -> json.read(r.value())).toList();
        return events.stream().filter(e -> e.type() == type).count();
    }
}
