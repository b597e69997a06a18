package io.rekey.events.dlq;

/** Parking a record failed; transient, so the consumer retries the record rather than skip it. */
public final class DeadLetterException extends RuntimeException {
    public DeadLetterException(String message, Throwable cause) {
        super(message, cause);
    }
}
