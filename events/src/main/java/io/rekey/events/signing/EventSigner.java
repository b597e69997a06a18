package io.rekey.events.signing;

import io.rekey.events.EventEnvelope;
import io.rekey.events.EventSignature;
import io.rekey.events.serde.EventJson;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Signature;
import java.util.Base64;

/** Signs events with an Ed25519 key, over their canonical JSON form. */
public final class EventSigner {
    private final PrivateKey signingKey;
    private final String keyId;
    private final EventJson json;
    private final Provider provider;
    private final ThreadLocal<Signature> signatures = ThreadLocal.withInitial(this::newSignature);

    public EventSigner(PrivateKey signingKey, String keyId) {
        this(signingKey, keyId, null);
    }

    /**
     * Signs with the given provider's Ed25519. Ed25519 signatures are deterministic, so every provider gives the same
     * bytes; a faster one only saves time. Null means the JDK's.
     */
    public EventSigner(PrivateKey signingKey, String keyId, Provider provider) {
        this.signingKey = signingKey;
        this.keyId = keyId;
        this.json = new EventJson();
        this.provider = provider;
    }

    public String keyId() {
        return keyId;
    }

    public EventEnvelope sign(EventEnvelope event) {
        byte[] canonical = json.canonicalBytes(json.toTree(event.withoutSignature()));
        // One initialised Signature per thread: initialising converts the key (BouncyCastle derives the public key
        // again), which cost as much as the signing itself. sign() leaves it ready for the next message.
        Signature ed25519 = signatures.get();
        try {
            ed25519.update(canonical);
            String value = Base64.getUrlEncoder().withoutPadding().encodeToString(ed25519.sign());
            return event.withSignature(new EventSignature(keyId, value));
        } catch (GeneralSecurityException e) {
            signatures.remove();
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    private Signature newSignature() {
        try {
            Signature ed25519 =
                    provider == null ? Signature.getInstance("Ed25519") : Signature.getInstance("Ed25519", provider);
            ed25519.initSign(signingKey);
            return ed25519;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing is unavailable in this JDK", e);
        }
    }
}
