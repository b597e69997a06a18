package io.rekey.storage.account;

import io.rekey.events.account.AccountEncryption;
import io.rekey.events.account.KeySource;
import io.rekey.events.ids.KeyName;
import io.rekey.events.ids.KeyVersion;
import java.net.URI;
import java.util.Objects;

/**
 * What a user asks for: the service's own key, or a customer key in a vault, optionally pinned to one version.
 *
 * @param pinnedVersion null to follow the key's latest version
 */
public record EncryptionSpec(KeySource keySource, URI vaultUri, KeyName keyName, KeyVersion pinnedVersion) {

    public EncryptionSpec {
        Objects.requireNonNull(keySource, "keySource");
        if (keySource == KeySource.CUSTOMER_MANAGED) {
            Objects.requireNonNull(vaultUri, "vaultUri");
            Objects.requireNonNull(keyName, "keyName");
        }
    }

    public static EncryptionSpec serviceManaged() {
        return new EncryptionSpec(KeySource.SERVICE_MANAGED, null, null, null);
    }

    public static EncryptionSpec customerManaged(URI vaultUri, KeyName keyName, KeyVersion pinnedVersion) {
        return new EncryptionSpec(KeySource.CUSTOMER_MANAGED, vaultUri, keyName, pinnedVersion);
    }

    /** True if the account's current settings already are these: changing to them would re-wrap for nothing. */
    public boolean isSatisfiedBy(AccountEncryption current) {
        if (current.keySource() != keySource) {
            return false;
        }
        return keySource == KeySource.SERVICE_MANAGED
                || (URI.create(current.vaultUri()).equals(vaultUri)
                        && current.keyName().equals(keyName)
                        && Objects.equals(current.pinnedVersion(), pinnedVersion));
    }
}
