package io.rekey.events.usage;

/** An operation a caller performed (or tried to perform) with a vault key. */
public enum KeyOperation {
    WRAP,
    UNWRAP,
    ENCRYPT,
    DECRYPT,
    SIGN,
    VERIFY
}
