package io.rekey.storage.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.rekey.events.account.AccountEncryption;
import io.rekey.events.account.KeySource;
import io.rekey.events.ids.KeyName;
import io.rekey.events.ids.KeyVersion;
import io.rekey.service.http.ApiException;
import io.rekey.storage.account.AccountKeys;
import io.rekey.storage.account.AccountState;
import io.rekey.storage.account.EncryptionSpec;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Account bodies in the shape of a cloud storage account's encryption settings: {@code keySource} is
 * {@code Microsoft.Storage} (service-managed) or {@code Microsoft.Keyvault} (customer-managed), and
 * {@code keyvaultproperties} names the vault, the key and an optional version.
 */
final class AccountJson {
    static final String SERVICE = "Microsoft.Storage";
    static final String VAULT = "Microsoft.Keyvault";

    private AccountJson() {}

    static EncryptionSpec spec(JsonNode encryption) {
        if (encryption == null || encryption.isMissingNode() || encryption.isNull()) {
            return EncryptionSpec.serviceManaged();
        }
        String source = encryption.path("keySource").asText(SERVICE).toLowerCase(Locale.ROOT);
        switch (source) {
            case "microsoft.storage", "service-managed", "service_managed" -> {
                return EncryptionSpec.serviceManaged();
            }
            case "microsoft.keyvault", "customer-managed", "customer_managed" -> {
                JsonNode props = encryption.path("keyvaultproperties");
                URI vault = uri(props.path("keyvaulturi").asText(""));
                KeyName key = keyName(props.path("keyname").asText(""));
                String version = props.path("keyversion").asText("");
                return EncryptionSpec.customerManaged(vault, key, version.isEmpty() ? null : keyVersion(version));
            }
            default ->
                throw ApiException.badRequest(
                        "InvalidKeySource",
                        "encryption.keySource must be " + SERVICE + " (service-managed key) or " + VAULT
                                + " (customer-managed key in the vault)");
        }
    }

    static Map<String, Object> account(AccountState account, AccountKeys keys) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", account.name().value());
        body.put("state", account.isLocked() || keys.isFenced(account.name()) ? "locked" : "active");
        if (account.lock() != null) {
            Map<String, Object> lock = new LinkedHashMap<>();
            lock.put("reason", account.lock().reason().name());
            lock.put("key", account.lock().key().value());
            if (account.lock().version() != null) {
                lock.put("version", account.lock().version().value());
            }
            lock.put("since", account.lock().since().toString());
            lock.put("causeEventId", account.lock().causeEventId());
            body.put("lock", lock);
        }
        body.put("encryption", encryption(account, keys));
        body.put("createdAt", account.createdAt().toString());
        body.put("sequence", account.sequence());
        return body;
    }

    private static Map<String, Object> encryption(AccountState account, AccountKeys keys) {
        AccountEncryption encryption = account.encryption();
        Map<String, Object> body = new LinkedHashMap<>();
        boolean vault = encryption.keySource() == KeySource.CUSTOMER_MANAGED;
        body.put("keySource", vault ? VAULT : SERVICE);
        body.put("keyIdInUse", keys.versionedKeyId(encryption));
        body.put("aekGeneration", AccountState.AEK_GENERATION);
        body.put(
                "lastRewrappedAt",
                account.lastRewrappedAt() == null
                        ? null
                        : account.lastRewrappedAt().toString());
        if (vault) {
            Map<String, Object> props = new LinkedHashMap<>();
            props.put("keyvaulturi", encryption.vaultUri());
            props.put("keyname", encryption.keyName().value());
            props.put(
                    "keyversion",
                    encryption.pinnedVersion() == null
                            ? ""
                            : encryption.pinnedVersion().value());
            props.put("currentVersionedKeyIdentifier", keys.versionedKeyId(encryption));
            props.put(
                    "lastKeyRotationTimestamp",
                    account.lastRewrappedAt() == null
                            ? null
                            : account.lastRewrappedAt().toString());
            body.put("keyvaultproperties", props);
        }
        return body;
    }

    private static URI uri(String text) {
        try {
            URI uri = new URI(text);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                throw new URISyntaxException(text, "not http(s)");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw ApiException.badRequest(
                    "InvalidKeyVaultUri", "keyvaultproperties.keyvaulturi must be the vault's http(s) base URL");
        }
    }

    private static KeyName keyName(String text) {
        try {
            return KeyName.of(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("InvalidKeyName", "keyvaultproperties.keyname: " + e.getMessage());
        }
    }

    private static KeyVersion keyVersion(String text) {
        try {
            return KeyVersion.of(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("InvalidKeyVersion", "keyvaultproperties.keyversion: " + e.getMessage());
        }
    }
}
