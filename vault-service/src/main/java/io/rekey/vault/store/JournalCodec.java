package io.rekey.vault.store;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rekey.events.ids.CallerId;
import io.rekey.events.ids.KeyName;
import io.rekey.events.ids.KeyVersion;
import io.rekey.events.key.KeyOrigin;
import io.rekey.events.serde.EventJson;
import io.rekey.vault.crypto.KeyMaterial;
import io.rekey.vault.crypto.RootKey;
import io.rekey.vault.keys.KeyState;
import io.rekey.vault.keys.RotationPolicy;
import io.rekey.vault.keys.VersionState;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes a key's full state as one journal record and reads it back. Private parts are sealed under the root key,
 * bound to key name and version; every record names the root key that sealed it, so a vault started with another
 * root key can say so plainly instead of failing on the first key.
 */
public final class JournalCodec {
    static final int FORMAT = 1;
    private static final ObjectMapper JSON = EventJson.mapper();

    private final RootKey rootKey;
    /** Sealed material by key/version: a version is sealed once, not on every change of its key. */
    private final Map<String, String> sealedCache = new ConcurrentHashMap<>();

    public JournalCodec(RootKey rootKey) {
        this.rootKey = rootKey;
    }

    public byte[] encode(KeyState state) {
        List<JournalVersion> versions = state.versions().values().stream()
                .map(v -> encodeVersion(state.name(), v))
                .toList();
        JournalRecord record = new JournalRecord(
                FORMAT,
                rootKey.keyId(),
                state.name().value(),
                state.sequence(),
                state.purged(),
                state.revoked(),
                state.revokedCallers().stream().map(CallerId::value).toList(),
                state.deletedAt(),
                state.scheduledPurge(),
                state.rotationPolicy(),
                versions);
        try {
            return JSON.writeValueAsBytes(record);
        } catch (IOException e) {
            throw new IllegalStateException("journal record for key " + state.name() + " could not be written", e);
        }
    }

    private JournalVersion encodeVersion(KeyName name, VersionState version) {
        String sealed = sealedCache.computeIfAbsent(
                cacheKey(name.value(), version.version().value()),
                k -> Base64.getEncoder()
                        .encodeToString(rootKey.sealPrivate(
                                version.material(),
                                name.value(),
                                version.version().value())));
        return new JournalVersion(
                version.version().value(),
                version.kty(),
                version.keyOps(),
                version.enabled(),
                version.notBefore(),
                version.expires(),
                version.created(),
                version.updated(),
                version.tags(),
                version.origin(),
                version.material().modulusBase64Url(),
                version.material().exponentBase64Url(),
                sealed);
    }

    /**
     * Reads one record back into a state.
     *
     * @throws JournalException when the record is unreadable or sealed under another root key
     */
    public KeyState decode(byte[] bytes) {
        JournalRecord record;
        try {
            record = JSON.readValue(bytes, JournalRecord.class);
        } catch (IOException e) {
            throw new JournalException(
                    "a journal record is not readable: " + e.getClass().getSimpleName());
        }
        if (record.format() != FORMAT) {
            throw new JournalException("journal record format " + record.format() + " is not known to this vault"
                    + " version; run the vault version that wrote it");
        }
        if (!rootKey.keyId().equals(record.rootKeyId())) {
            throw new JournalException.WrongRootKey("the journal was sealed under root key " + record.rootKeyId()
                    + " but this vault was started with root key " + rootKey.keyId()
                    + "; start it with the root key file or passphrase it was created with");
        }
        Map<KeyVersion, VersionState> versions = new LinkedHashMap<>();
        for (JournalVersion version : record.versions()) {
            versions.put(KeyVersion.of(version.version()), decodeVersion(record.key(), version));
        }
        return new KeyState(
                KeyName.of(record.key()),
                versions,
                record.revoked(),
                Set.copyOf(record.revokedCallers().stream().map(CallerId::of).toList()),
                record.deletedAt(),
                record.scheduledPurge(),
                record.purged(),
                record.rotationPolicy(),
                record.sequence());
    }

    private VersionState decodeVersion(String keyName, JournalVersion version) {
        byte[] sealed = Base64.getDecoder().decode(version.sealed());
        KeyMaterial material;
        try {
            material = rootKey.openPrivate(sealed, publicKey(version.n(), version.e()), keyName, version.version());
        } catch (RootKey.SealBrokenException e) {
            throw new JournalException.WrongRootKey(e.getMessage());
        }
        sealedCache.put(cacheKey(keyName, version.version()), version.sealed());
        return new VersionState(
                KeyVersion.of(version.version()),
                version.kty(),
                version.keyOps(),
                version.enabled(),
                version.notBefore(),
                version.expires(),
                version.created(),
                version.updated(),
                version.tags() == null ? Map.of() : version.tags(),
                version.origin(),
                material);
    }

    /** Forgets cached sealed material of a purged key. */
    public void forget(KeyName name) {
        sealedCache.keySet().removeIf(k -> k.startsWith(name.value() + "/"));
    }

    private static RSAPublicKey publicKey(String n, String e) {
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA", "SunRsaSign")
                    .generatePublic(new RSAPublicKeySpec(unsigned(n), unsigned(e)));
        } catch (GeneralSecurityException ex) {
            throw new JournalException("a journal record holds an unusable public key");
        }
    }

    private static BigInteger unsigned(String base64Url) {
        return new BigInteger(1, Base64.getUrlDecoder().decode(base64Url));
    }

    private static String cacheKey(String keyName, String version) {
        return keyName + "/" + version;
    }

    record JournalRecord(
            @JsonProperty(value = "format", required = true) int format,

            @JsonProperty(value = "rootKeyId", required = true)
            String rootKeyId,

            @JsonProperty(value = "key", required = true) String key,

            @JsonProperty(value = "sequence", required = true)
            long sequence,

            @JsonProperty("purged") boolean purged,
            @JsonProperty("revoked") boolean revoked,
            @JsonProperty("revokedCallers") List<String> revokedCallers,
            @JsonProperty("deletedAt") Instant deletedAt,
            @JsonProperty("scheduledPurge") Instant scheduledPurge,
            @JsonProperty("rotationPolicy") RotationPolicy rotationPolicy,
            @JsonProperty("versions") List<JournalVersion> versions) {
        JournalRecord {
            revokedCallers = revokedCallers == null ? List.of() : revokedCallers;
            versions = versions == null ? List.of() : versions;
        }
    }

    record JournalVersion(
            @JsonProperty(value = "version", required = true)
            String version,

            @JsonProperty("kty") String kty,
            @JsonProperty("keyOps") List<String> keyOps,
            @JsonProperty("enabled") boolean enabled,
            @JsonProperty("notBefore") Instant notBefore,
            @JsonProperty("expires") Instant expires,
            @JsonProperty("created") Instant created,
            @JsonProperty("updated") Instant updated,
            @JsonProperty("tags") Map<String, String> tags,
            @JsonProperty("origin") KeyOrigin origin,
            @JsonProperty(value = "n", required = true) String n,
            @JsonProperty(value = "e", required = true) String e,
            @JsonProperty(value = "sealed", required = true) String sealed) {}
}
