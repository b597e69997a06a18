package io.rekey.events.account;

/** Who holds the key that wraps an account's encryption key. */
public enum KeySource {
    /** The storage service's own key wraps the AEK. */
    SERVICE_MANAGED,
    /** A customer's key in the vault wraps the AEK. */
    CUSTOMER_MANAGED
}
