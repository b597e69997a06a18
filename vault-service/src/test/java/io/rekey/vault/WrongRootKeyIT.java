package io.rekey.vault;

import static io.rekey.vault.VaultFixture.ADMIN_TOKEN;
import static io.rekey.vault.VaultFixture.call;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rekey.service.config.Settings;
import io.rekey.testkit.KafkaClusterExtension;
import io.rekey.testkit.TestRecords;
import io.rekey.vault.crypto.KeyBytes;
import io.rekey.vault.store.JournalException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A journal sealed under one root key is refused by a vault started with another, and an unreadable journal record
 * stops the start too. It has a cluster of its own, as the journal it leaves behind is deliberately unusable.
 */
class WrongRootKeyIT {
    @RegisterExtension
    static final KafkaClusterExtension KAFKA = KafkaClusterExtension.dedicated(1);

    @Test
    void start_withAnotherRootKeyFile_isRefusedWithAClearMessage() throws Exception {
        Path dir = Files.createTempDirectory("vault-root-a");
        Path rootA = dir.resolve("a.key");
        Path rootB = dir.resolve("b.key");
        KeyBytes.createRootKeyFile(rootA);
        KeyBytes.createRootKeyFile(rootB);
        try (VaultService vault =
                VaultService.start(VaultFixture.settings(KAFKA.bootstrapServers(), dir, rootA, "vault-root"))) {
            call(vault, "POST", "/keys/sealed/create", ADMIN_TOKEN, "{\"kty\":\"RSA\"}")
                    .expect(200);
        }

        JournalException refused = assertThrows(
                JournalException.WrongRootKey.class,
                () -> VaultService.start(VaultFixture.settings(KAFKA.bootstrapServers(), dir, rootB, "vault-root")));
        assertTrue(refused.getMessage().contains("sealed under root key"), refused.getMessage());
        assertTrue(refused.getMessage().contains("start it with the root key"), refused.getMessage());

        Settings passphrase = VaultFixture.settings(KAFKA.bootstrapServers(), dir, rootA, "vault-root")
                .with(Map.of("vault.root.key.file", "", "vault.root.passphrase", "correct horse battery staple"));
        assertThrows(JournalException.WrongRootKey.class, () -> VaultService.start(passphrase));

        try (VaultService vault =
                VaultService.start(VaultFixture.settings(KAFKA.bootstrapServers(), dir, rootA, "vault-root"))) {
            call(vault, "GET", "/keys/sealed", ADMIN_TOKEN, null).expect(200);
        }

        TestRecords.produce(KAFKA.clientProperties(), "vault.journal", "garbled", "{\"not\":\"a journal record\"}");
        JournalException unreadable = assertThrows(
                JournalException.class,
                () -> VaultService.start(VaultFixture.settings(KAFKA.bootstrapServers(), dir, rootA, "vault-root")));
        assertTrue(unreadable.getMessage().contains("not readable"), unreadable.getMessage());
    }
}
