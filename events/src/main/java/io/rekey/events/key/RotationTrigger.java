package io.rekey.events.key;

/** What made a key rotate. */
public enum RotationTrigger {
    /** An operator or client called the rotate operation. */
    API,
    /** The key's rotation policy said it was time. */
    POLICY,
    /** A new version was imported over an existing key. */
    IMPORT
}
