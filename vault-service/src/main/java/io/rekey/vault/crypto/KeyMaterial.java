package io.rekey.vault.crypto;

import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.Objects;

/** One RSA key pair of a key version. Its {@code toString} shows only the size, so it can never leak into a log. */
public final class KeyMaterial {
    private final RSAPublicKey publicKey;
    private final RSAPrivateCrtKey privateKey;

    public KeyMaterial(RSAPublicKey publicKey, RSAPrivateCrtKey privateKey) {
        this.publicKey = Objects.requireNonNull(publicKey, "publicKey");
        this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
    }

    public RSAPublicKey publicKey() {
        return publicKey;
    }

    RSAPrivateCrtKey privateKey() {
        return privateKey;
    }

    public int keySize() {
        return publicKey.getModulus().bitLength();
    }

    /** The modulus length in bytes: every ciphertext of this key has exactly this length. */
    public int modulusBytes() {
        return (keySize() + 7) / 8;
    }

    /** The public modulus in unpadded base64url, as a JWK carries it. */
    public String modulusBase64Url() {
        return base64Url(publicKey.getModulus().toByteArray());
    }

    public String exponentBase64Url() {
        return base64Url(publicKey.getPublicExponent().toByteArray());
    }

    /** Unsigned big-endian, without the sign byte Java adds, as RFC 7518 asks. */
    private static String base64Url(byte[] twosComplement) {
        int start = twosComplement.length > 1 && twosComplement[0] == 0 ? 1 : 0;
        byte[] unsigned = java.util.Arrays.copyOfRange(twosComplement, start, twosComplement.length);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(unsigned);
    }

    @Override
    public String toString() {
        return "KeyMaterial[RSA " + keySize() + ", private part hidden]";
    }
}
