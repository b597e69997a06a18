package io.rekey.vault.crypto;

import java.security.spec.MGF1ParameterSpec;
import java.util.Arrays;
import java.util.Optional;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

/**
 * The key-wrap algorithms the vault offers, each with its OAEP parameters pinned explicitly: providers disagree on the
 * MGF1 digest when none is given. RSA1_5 is deliberately absent (PKCS#1 v1.5 padding invites padding oracles).
 */
public enum WrapAlgorithm {
    RSA_OAEP_256(
            "RSA-OAEP-256",
            new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT),
            32),
    RSA_OAEP(
            "RSA-OAEP", new OAEPParameterSpec("SHA-1", "MGF1", MGF1ParameterSpec.SHA1, PSource.PSpecified.DEFAULT), 20);

    private final String jwaName;
    private final OAEPParameterSpec parameters;
    private final int digestBytes;

    WrapAlgorithm(String jwaName, OAEPParameterSpec parameters, int digestBytes) {
        this.jwaName = jwaName;
        this.parameters = parameters;
        this.digestBytes = digestBytes;
    }

    /** The algorithm with this JWA name, such as {@code RSA-OAEP-256}. */
    public static Optional<WrapAlgorithm> fromJwaName(String name) {
        return Arrays.stream(values()).filter(a -> a.jwaName.equals(name)).findFirst();
    }

    public String jwaName() {
        return jwaName;
    }

    OAEPParameterSpec parameters() {
        return parameters;
    }

    /** The largest value this algorithm can wrap under a modulus of {@code modulusBytes}. */
    public int maxPlaintextBytes(int modulusBytes) {
        return modulusBytes - 2 * digestBytes - 2;
    }
}
