package io.rekey.storage.account;

/** An account event could not be recorded on Kafka in time; transient: nothing changed, retry later. */
public final class LedgerUnavailableException extends Exception {
    public LedgerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
