package io.rekey.vault.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.Security;
import java.util.Arrays;
import org.bouncycastle.crypto.AsymmetricBlockCipher;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.encodings.OAEPEncoding;
import org.bouncycastle.crypto.engines.RSAEngine;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;

class RsaCryptoTest {
    private static final KeyMaterial KEY = RsaCrypto.generate(2048);
    private static final byte[] AEK = "0123456789abcdef0123456789abcdef".getBytes();

    @Test
    void wrap_thenUnwrap_returnsTheValue() throws Exception {
        for (WrapAlgorithm algorithm : WrapAlgorithm.values()) {
            byte[] wrapped = RsaCrypto.wrap(KEY, algorithm, AEK);
            assertEquals(256, wrapped.length);
            assertArrayEquals(AEK, RsaCrypto.unwrap(KEY, algorithm, wrapped));
        }
    }

    @Test
    void unwrap_withOneBitFlippedAnywhere_fails() throws Exception {
        byte[] wrapped = RsaCrypto.wrap(KEY, WrapAlgorithm.RSA_OAEP_256, AEK);
        for (int bit : new int[] {0, 7, 1000, wrapped.length * 8 - 1}) {
            byte[] tampered = wrapped.clone();
            tampered[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThrows(
                    UnwrapFailedException.class, () -> RsaCrypto.unwrap(KEY, WrapAlgorithm.RSA_OAEP_256, tampered));
        }
    }

    @Test
    void unwrap_withTheOtherAlgorithm_fails() {
        byte[] wrapped = RsaCrypto.wrap(KEY, WrapAlgorithm.RSA_OAEP_256, AEK);
        assertThrows(UnwrapFailedException.class, () -> RsaCrypto.unwrap(KEY, WrapAlgorithm.RSA_OAEP, wrapped));
    }

    @Test
    void unwrap_withWrongLength_fails() {
        assertThrows(
                UnwrapFailedException.class, () -> RsaCrypto.unwrap(KEY, WrapAlgorithm.RSA_OAEP_256, new byte[255]));
    }

    @Test
    void wrap_withValueTooLong_isRefused() {
        assertThrows(
                IllegalArgumentException.class, () -> RsaCrypto.wrap(KEY, WrapAlgorithm.RSA_OAEP_256, new byte[191]));
        assertThrows(
                IllegalArgumentException.class, () -> RsaCrypto.wrap(KEY, WrapAlgorithm.RSA_OAEP_256, new byte[0]));
        RsaCrypto.wrap(KEY, WrapAlgorithm.RSA_OAEP_256, new byte[190]);
    }

    @Test
    void generate_withSize1024_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> RsaCrypto.generate(1024));
    }

    @Test
    void wrap_byVault_unwrapsWithBouncyCastleLightweightOaepSha256() throws Exception {
        byte[] wrapped = RsaCrypto.wrap(KEY, WrapAlgorithm.RSA_OAEP_256, AEK);
        AsymmetricBlockCipher bc = new OAEPEncoding(new RSAEngine(), new SHA256Digest(), new SHA256Digest(), null);
        bc.init(false, bcPrivate(KEY));
        assertArrayEquals(AEK, bc.processBlock(wrapped, 0, wrapped.length));
    }

    @Test
    void wrap_byBouncyCastle_unwrapsInVault_evenWithBouncyCastleFirstProvider() throws Exception {
        Security.insertProviderAt(new BouncyCastleProvider(), 1);
        try {
            AsymmetricBlockCipher bc = new OAEPEncoding(new RSAEngine(), new SHA256Digest(), new SHA256Digest(), null);
            bc.init(
                    true,
                    new RSAKeyParameters(
                            false, KEY.publicKey().getModulus(), KEY.publicKey().getPublicExponent()));
            byte[] wrapped = bc.processBlock(AEK, 0, AEK.length);
            assertArrayEquals(AEK, RsaCrypto.unwrap(KEY, WrapAlgorithm.RSA_OAEP_256, wrapped));

            AsymmetricBlockCipher sha1 = new OAEPEncoding(new RSAEngine(), new SHA1Digest(), new SHA1Digest(), null);
            sha1.init(
                    true,
                    new RSAKeyParameters(
                            false, KEY.publicKey().getModulus(), KEY.publicKey().getPublicExponent()));
            byte[] wrappedSha1 = sha1.processBlock(AEK, 0, AEK.length);
            assertArrayEquals(AEK, RsaCrypto.unwrap(KEY, WrapAlgorithm.RSA_OAEP, wrappedSha1));
        } finally {
            Security.removeProvider(BouncyCastleProvider.PROVIDER_NAME);
        }
    }

    @Test
    void checkPair_withMismatchedParts_isRefused() {
        KeyMaterial other = RsaCrypto.generate(2048);
        KeyMaterial mixed = new KeyMaterial(KEY.publicKey(), other.privateKey());
        assertThrows(InvalidKeyMaterialException.class, () -> RsaCrypto.checkPair(mixed));
    }

    @Test
    void toString_ofMaterial_hidesThePrivatePart() {
        String text = KEY.toString();
        assertTrue(text.contains("hidden"));
        assertTrue(!text.contains(
                KEY.privateKey().getPrivateExponent().toString(16).substring(0, 16)));
    }

    @Test
    void modulusBase64Url_hasNoSignByte() {
        byte[] n = java.util.Base64.getUrlDecoder().decode(KEY.modulusBase64Url());
        assertEquals(256, n.length);
        assertTrue(!Arrays.equals(new byte[] {0}, Arrays.copyOf(n, 1)));
    }

    static RSAPrivateCrtKeyParameters bcPrivate(KeyMaterial key) {
        var k = key.privateKey();
        return new RSAPrivateCrtKeyParameters(
                k.getModulus(),
                k.getPublicExponent(),
                k.getPrivateExponent(),
                k.getPrimeP(),
                k.getPrimeQ(),
                k.getPrimeExponentP(),
                k.getPrimeExponentQ(),
                k.getCrtCoefficient());
    }
}
