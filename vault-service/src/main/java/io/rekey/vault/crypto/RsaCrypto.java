package io.rekey.vault.crypto;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.Set;
import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.IllegalBlockSizeException;

/**
 * RSA key generation, wrap and unwrap on the JDK's own providers, named explicitly (SunRsaSign for keys, SunJCE for
 * OAEP), so a provider registered first, such as BouncyCastle, changes nothing. Stateless and thread-safe: every call
 * gets its own {@link Cipher}.
 */
public final class RsaCrypto {
    public static final Set<Integer> KEY_SIZES = Set.of(2048, 3072, 4096);
    private static final String CIPHER = "RSA/ECB/OAEPPadding";
    private static final String CIPHER_PROVIDER = "SunJCE";
    /**
     * OAEP encryption draws a random seed. The JDK's default source is one shared, locked generator; a DRBG per thread
     * keeps concurrent wraps from queueing on it.
     */
    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(RsaCrypto::newRandom);

    private RsaCrypto() {}

    public static KeyMaterial generate(int keySize) {
        if (!KEY_SIZES.contains(keySize)) {
            throw new IllegalArgumentException("RSA key size must be 2048, 3072 or 4096, not " + keySize);
        }
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA", "SunRsaSign");
            generator.initialize(new RSAKeyGenParameterSpec(keySize, RSAKeyGenParameterSpec.F4));
            KeyPair pair = generator.generateKeyPair();
            return new KeyMaterial((RSAPublicKey) pair.getPublic(), (RSAPrivateCrtKey) pair.getPrivate());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot generate RSA keys", e);
        }
    }

    public static byte[] wrap(KeyMaterial key, WrapAlgorithm algorithm, byte[] plaintext) {
        if (plaintext.length == 0 || plaintext.length > algorithm.maxPlaintextBytes(key.modulusBytes())) {
            throw new IllegalArgumentException("a value of " + plaintext.length + " bytes cannot be wrapped with "
                    + algorithm.jwaName() + " under RSA " + key.keySize() + "; send 1 to "
                    + algorithm.maxPlaintextBytes(key.modulusBytes()) + " bytes");
        }
        try {
            Cipher cipher = Cipher.getInstance(CIPHER, CIPHER_PROVIDER);
            cipher.init(Cipher.ENCRYPT_MODE, key.publicKey(), algorithm.parameters(), RANDOM.get());
            return cipher.doFinal(plaintext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA-OAEP encryption failed in the JDK provider", e);
        }
    }

    /** @throws UnwrapFailedException for any ciphertext that does not decrypt, whatever the reason */
    public static byte[] unwrap(KeyMaterial key, WrapAlgorithm algorithm, byte[] ciphertext)
            throws UnwrapFailedException {
        if (ciphertext.length != key.modulusBytes()) {
            throw new UnwrapFailedException();
        }
        try {
            Cipher cipher = Cipher.getInstance(CIPHER, CIPHER_PROVIDER);
            cipher.init(Cipher.DECRYPT_MODE, key.privateKey(), algorithm.parameters());
            return cipher.doFinal(ciphertext);
        } catch (BadPaddingException | IllegalBlockSizeException e) {
            throw new UnwrapFailedException();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA-OAEP decryption is unavailable in the JDK provider", e);
        }
    }

    private static SecureRandom newRandom() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (GeneralSecurityException e) {
            return new SecureRandom();
        }
    }

    /** Checks that an imported pair belongs together and works, by a wrap and unwrap round trip. */
    public static void checkPair(KeyMaterial key) {
        if (!key.publicKey().getModulus().equals(key.privateKey().getModulus())
                || !key.privateKey()
                        .getPrimeP()
                        .multiply(key.privateKey().getPrimeQ())
                        .equals(key.publicKey().getModulus())) {
            throw new InvalidKeyMaterialException("the JWK's private parts do not match its modulus n");
        }
        byte[] probe = {1, 2, 3, 4, 5, 6, 7, 8};
        boolean works;
        try {
            byte[] back = unwrap(key, WrapAlgorithm.RSA_OAEP_256, wrap(key, WrapAlgorithm.RSA_OAEP_256, probe));
            works = java.util.Arrays.equals(probe, back);
        } catch (UnwrapFailedException | RuntimeException e) {
            // A provider may also refuse odd parameters outright; for an import that is the same answer.
            works = false;
        }
        if (!works) {
            throw new InvalidKeyMaterialException("the JWK's private exponent does not invert its public one");
        }
    }
}
