package io.rekey.vault.crypto;

/**
 * A ciphertext did not decrypt: wrong key, wrong algorithm, or altered bytes. Deliberately says no more than that, so
 * a caller cannot learn which padding check failed.
 */
public final class UnwrapFailedException extends Exception {
    public UnwrapFailedException() {
        super("the value did not decrypt with this key version and algorithm");
    }
}
