package io.rekey.vault.crypto;

import java.security.interfaces.RSAPrivateCrtKey;

/** Lets tests outside this package reach a private key, to check interoperability and search for leaks. */
public final class CryptoTestAccess {
    private CryptoTestAccess() {}

    public static RSAPrivateCrtKey privateKey(KeyMaterial material) {
        return material.privateKey();
    }
}
