package io.rekey.events.key;

/** How much of a key a revocation (or its restore) covers. */
public enum RevocationScope {
    /** Every version of the key, for every caller. */
    KEY,
    /** One version of the key, for every caller. */
    VERSION,
    /** Every version of the key, for one caller only. */
    CALLER
}
