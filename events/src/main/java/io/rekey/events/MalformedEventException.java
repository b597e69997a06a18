package io.rekey.events;

/**
 * A record that cannot be used as an event. It is bad data, not a transient failure: retrying will not help, so a
 * consumer parks the record in the dead-letter topic, counts it, and goes on.
 */
public final class MalformedEventException extends RuntimeException {

    /** Stable reasons, written into dead-letter headers and metrics. */
    public enum Reason {
        NOT_JSON,
        OVERSIZED,
        UNSUPPORTED_SPEC_VERSION,
        UNKNOWN_TYPE,
        UNSUPPORTED_SCHEMA_VERSION,
        MISSING_FIELD,
        INVALID_FIELD,
        MISSING_SIGNATURE,
        INVALID_SIGNATURE
    }

    private final Reason reason;

    public MalformedEventException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public MalformedEventException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
