package io.rekey.events.key;

/** Where a key's material came from. */
public enum KeyOrigin {
    GENERATED,
    IMPORTED
}
