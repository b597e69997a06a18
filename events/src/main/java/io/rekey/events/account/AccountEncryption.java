package io.rekey.events.account;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.rekey.events.Require;
import io.rekey.events.ids.KeyName;
import io.rekey.events.ids.KeyVersion;

/**
 * How an account's encryption key (AEK) is protected. For a customer-managed key: the vault, the key, the version
 * the account is pinned to (absent when it follows the latest), and the version that wraps the AEK now. The wrapped
 * AEK is ciphertext under that key; the AEK itself never appears here.
 */
public record AccountEncryption(
        @JsonProperty(value = "keySource", required = true) KeySource keySource,
        @JsonProperty("vaultUri") String vaultUri,
        @JsonProperty("keyName") KeyName keyName,
        @JsonProperty("pinnedVersion") KeyVersion pinnedVersion,
        @JsonProperty("versionInUse") KeyVersion versionInUse,
        @JsonProperty(value = "wrappedAek", required = true) String wrappedAek) {

    public AccountEncryption {
        Require.present("keySource", keySource);
        Require.base64Url("wrappedAek", wrappedAek);
        if (keySource == KeySource.CUSTOMER_MANAGED) {
            Require.text("vaultUri", vaultUri);
            Require.present("keyName", keyName);
            Require.present("versionInUse", versionInUse);
        }
    }

    public boolean followsLatest() {
        return keySource == KeySource.CUSTOMER_MANAGED && pinnedVersion == null;
    }
}
