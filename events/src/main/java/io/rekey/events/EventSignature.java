package io.rekey.events;

/**
 * An Ed25519 signature over an event's canonical form, and the id of the key that made it.
 *
 * @param keyId names the signing key, so a consumer can hold several while keys roll over
 * @param value the signature bytes in unpadded base64url
 */
public record EventSignature(String keyId, String value) {

    public EventSignature {
        Require.text("signaturekeyid", keyId);
        Require.base64Url("signature", value);
    }
}
