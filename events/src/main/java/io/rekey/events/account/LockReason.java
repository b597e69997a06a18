package io.rekey.events.account;

/** Why an account was locked. */
public enum LockReason {
    KEY_REVOKED,
    VERSION_REVOKED,
    CALLER_REVOKED,
    KEY_DELETED
}
