package io.rekey.vault.crypto;

/** Imported key material that cannot be used; the message says what is wrong and never includes the material. */
public final class InvalidKeyMaterialException extends RuntimeException {
    public InvalidKeyMaterialException(String message) {
        super(message);
    }
}
