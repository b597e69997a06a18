package io.rekey.vault;

import io.rekey.service.config.ConfigException;
import io.rekey.vault.crypto.KeyBytes;
import io.rekey.vault.crypto.RootKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Finds the root key the configuration names: a key file, a passphrase, or (local mode) a key file made once. */
final class RootKeys {
    private static final Logger log = LoggerFactory.getLogger(RootKeys.class);
    static final String LOCAL_KEY_FILE = "root.key";
    static final String SALT_FILE = "root-passphrase.salt";

    private RootKeys() {}

    static RootKey load(VaultSettings settings) {
        try {
            if (settings.rootKeyFile().isPresent() && settings.rootPassphrase().isPresent()) {
                throw new ConfigException(
                        "set either vault.root.key.file or vault.root.passphrase, not both; they name different keys");
            }
            if (settings.rootKeyFile().isPresent()) {
                Path file = settings.rootKeyFile().get();
                if (!Files.isRegularFile(file)) {
                    throw new ConfigException("vault.root.key.file " + file
                            + " does not exist; point it at the root key" + " file (32 random bytes in base64)");
                }
                RootKey key = new RootKey(KeyBytes.readRootKeyFile(file));
                log.info("Root key {} read from {}", key.keyId(), file);
                return key;
            }
            if (settings.rootPassphrase().isPresent()) {
                return fromPassphrase(settings);
            }
            return local(settings);
        } catch (IOException e) {
            throw new ConfigException("the root key could not be read: " + e.getMessage());
        }
    }

    private static RootKey fromPassphrase(VaultSettings settings) throws IOException {
        Path saltFile = settings.dataDir().resolve(SALT_FILE);
        byte[] salt;
        if (Files.exists(saltFile)) {
            salt = Base64.getDecoder().decode(Files.readString(saltFile).trim());
        } else {
            salt = KeyBytes.randomSalt();
            Files.createDirectories(settings.dataDir());
            Files.writeString(saltFile, Base64.getEncoder().encodeToString(salt) + "\n");
            log.info("Made a new salt for the root key passphrase in {}; keep it with the data", saltFile);
        }
        char[] passphrase = settings.rootPassphrase().get().reveal().toCharArray();
        try {
            RootKey key = new RootKey(KeyBytes.deriveRootKey(passphrase, salt));
            log.info(
                    "Root key {} derived from the configured passphrase (Argon2id, salt in {})", key.keyId(), saltFile);
            return key;
        } finally {
            java.util.Arrays.fill(passphrase, '\0');
        }
    }

    private static RootKey local(VaultSettings settings) throws IOException {
        Path file = settings.dataDir().resolve(LOCAL_KEY_FILE).toAbsolutePath();
        if (Files.exists(file)) {
            RootKey key = new RootKey(KeyBytes.readRootKeyFile(file));
            log.info("Local mode: root key {} read from {}", key.keyId(), file);
            return key;
        }
        if (!settings.createRootKey()) {
            throw new ConfigException("no root key is configured; set vault.root.key.file or vault.root.passphrase,"
                    + " or vault.root.key.create=true to make a local one in vault.data.dir");
        }
        RootKey key = new RootKey(KeyBytes.createRootKeyFile(file));
        log.warn(
                "Local mode: made a new root key {} in {}. Back it up: without it the journal cannot be opened",
                key.keyId(),
                file);
        return key;
    }
}
