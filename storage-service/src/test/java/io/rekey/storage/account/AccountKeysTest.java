package io.rekey.storage.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.rekey.events.account.AccountEncryption;
import io.rekey.events.account.KeySource;
import io.rekey.events.ids.AccountName;
import io.rekey.events.ids.KeyName;
import io.rekey.events.ids.KeyVersion;
import io.rekey.service.auth.Secret;
import io.rekey.storage.crypto.AesKey;
import io.rekey.storage.crypto.KeyMaterial;
import io.rekey.storage.vault.VaultClient;
import io.rekey.storage.vault.VaultException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The AEK cache: a lease, then the vault again; a fence that nothing gets past. */
class AccountKeysTest {
    private static final AccountName ACCOUNT = AccountName.of("acct1");

    private final MutableClock clock = new MutableClock();
    private final AccountKeys keys;
    private final AccountState account;

    AccountKeysTest() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        // A vault address where nothing listens: any call that reaches "the vault" fails as unreachable.
        keys = new AccountKeys(
                KeyMaterial.newAesKey(),
                new VaultClient(new Secret("t"), Duration.ofMillis(500)),
                Duration.ofMinutes(5),
                clock);
        AccountEncryption encryption = new AccountEncryption(
                KeySource.CUSTOMER_MANAGED,
                "http://127.0.0.1:" + closedPort,
                KeyName.of("cmk"),
                null,
                KeyVersion.random(),
                "AAAA");
        account = new AccountState(ACCOUNT, encryption, 1, Instant.EPOCH, null, null, List.of(), false);
    }

    @Test
    void aek_withinLease_comesFromTheCache() throws Exception {
        AesKey aek = KeyMaterial.newAesKey();
        keys.remember(ACCOUNT, "AAAA", aek);
        clock.advance(Duration.ofMinutes(4));

        assertSame(aek, keys.aek(account));
    }

    @Test
    void aek_afterLease_isUnwrappedThroughTheVaultAgain() {
        keys.remember(ACCOUNT, "AAAA", KeyMaterial.newAesKey());
        clock.advance(Duration.ofMinutes(5).plusMillis(1));

        VaultException e = assertThrows(VaultException.class, () -> keys.aek(account));
        assertEquals(VaultException.Kind.UNAVAILABLE, e.kind());
    }

    @Test
    void aek_fenced_isRefusedEvenIfRememberedAfterwards() {
        keys.fence(ACCOUNT);
        keys.remember(ACCOUNT, "AAAA", KeyMaterial.newAesKey());

        assertThrows(AccountKeys.FencedException.class, () -> keys.aek(account));
        keys.unfence(ACCOUNT);
        assertThrows(VaultException.class, () -> keys.aek(account), "the fence dropped the cached AEK");
    }

    @Test
    void aek_serviceManaged_roundTripsThroughTheServiceKey() throws Exception {
        AesKey aek = KeyMaterial.newAesKey();
        AccountEncryption encryption = keys.protect(EncryptionSpec.serviceManaged(), aek);

        AesKey unwrapped = keys.unwrap(encryption);

        assertEquals(KeyMaterial.exportForWrapping(aek), KeyMaterial.exportForWrapping(unwrapped));
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
