package io.rekey.events.signing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rekey.events.EventEnvelope;
import io.rekey.events.MalformedEventException;
import io.rekey.events.MalformedEventException.Reason;
import io.rekey.events.serde.EventJson;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.Map;

/**
 * Checks the signature of a raw event record before anyone acts on it. It verifies the bytes as they arrived (in
 * canonical form), so a field this reader does not know still counts, and any changed byte fails.
 */
public final class EventVerifier {
    private final Map<String, PublicKey> trustedKeys;
    private final EventJson json;

    /** @param trustedKeys the producers' public keys by key id */
    public EventVerifier(Map<String, PublicKey> trustedKeys) {
        this.trustedKeys = Map.copyOf(trustedKeys);
        this.json = new EventJson();
    }

    public static EventVerifier trusting(SigningKeys keys) {
        return new EventVerifier(Map.of(keys.keyId(), keys.publicKey()));
    }

    /** Parses, verifies and returns the event; throws {@link MalformedEventException} if any check fails. */
    public EventEnvelope readVerified(byte[] record) {
        ObjectNode tree = json.parse(record);
        verify(tree);
        return json.fromTree(tree);
    }

    public void verify(ObjectNode tree) {
        String keyId = textOrNull(tree.get("signaturekeyid"));
        String value = textOrNull(tree.get("signature"));
        if (keyId == null || value == null) {
            throw new MalformedEventException(
                    Reason.MISSING_SIGNATURE, "event is not signed; only signed key events are accepted");
        }
        PublicKey key = trustedKeys.get(keyId);
        if (key == null) {
            throw new MalformedEventException(
                    Reason.INVALID_SIGNATURE,
                    "event is signed by unknown key '" + keyId + "'; configure the vault's event signing key");
        }
        if (!matches(key, json.canonicalBytes(tree), value)) {
            throw new MalformedEventException(
                    Reason.INVALID_SIGNATURE, "event signature does not verify; the record was altered or forged");
        }
    }

    private static boolean matches(PublicKey key, byte[] canonical, String value) {
        try {
            byte[] signature = Base64.getUrlDecoder().decode(value);
            Signature ed25519 = Signature.getInstance("Ed25519");
            ed25519.initVerify(key);
            ed25519.update(canonical);
            return ed25519.verify(signature);
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return false;
        }
    }

    private static String textOrNull(JsonNode node) {
        return node != null && node.isTextual() ? node.textValue() : null;
    }

    /** Convenience for tests and tools that already hold a parsed envelope. */
    public void verify(EventEnvelope event) {
        verify(json.toTree(event));
    }
}
