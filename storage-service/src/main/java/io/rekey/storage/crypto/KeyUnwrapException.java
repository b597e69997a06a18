package io.rekey.storage.crypto;

import java.security.GeneralSecurityException;

/** A wrapped key could not be unwrapped: it was altered, or made under another key. */
public final class KeyUnwrapException extends GeneralSecurityException {
    public KeyUnwrapException(String message) {
        super(message);
    }

    public KeyUnwrapException(String message, Throwable cause) {
        super(message, cause);
    }
}
