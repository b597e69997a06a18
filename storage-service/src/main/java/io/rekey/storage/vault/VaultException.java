package io.rekey.storage.vault;

/**
 * The vault did not do what storage asked. {@link Kind} says what the caller should do about it: retry later, treat
 * the key as unusable, or fix the request or configuration.
 */
public final class VaultException extends Exception {

    public enum Kind {
        /** The vault could not be reached, timed out, or answered 5xx or 429: retry with back-off. */
        UNAVAILABLE,
        /** The vault refused the key: revoked, disabled, or storage's own access taken away (403). */
        REFUSED,
        /** The key or version does not exist (404). */
        NOT_FOUND,
        /** The vault did not accept storage's token (401): a configuration problem. */
        UNAUTHENTICATED,
        /** The vault found the request bad (other 4xx), or answered something storage cannot read. */
        BAD_REQUEST
    }

    private final Kind kind;
    private final int status;
    private final String vaultCode;

    public VaultException(Kind kind, int status, String vaultCode, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.status = status;
        this.vaultCode = vaultCode;
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status the vault answered, or 0 when it did not answer. */
    public int status() {
        return status;
    }

    /** The vault's stable error code, such as {@code KeyDisabled} or {@code AccessRevoked}; empty when none. */
    public String vaultCode() {
        return vaultCode;
    }

    public boolean isTransient() {
        return kind == Kind.UNAVAILABLE;
    }
}
