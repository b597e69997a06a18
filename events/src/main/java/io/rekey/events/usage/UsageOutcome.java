package io.rekey.events.usage;

/** How a key operation ended. */
public enum UsageOutcome {
    /** The operation ran and returned a result. */
    SUCCEEDED,
    /** The caller was not allowed, or the key or version was disabled, revoked or deleted. */
    DENIED,
    /** The input was refused: for instance a ciphertext that did not decrypt. */
    FAILED
}
