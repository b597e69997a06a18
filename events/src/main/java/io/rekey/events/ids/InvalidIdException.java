package io.rekey.events.ids;

/** An identifier that breaks its naming rule; the message says what the rule is. */
public final class InvalidIdException extends IllegalArgumentException {
    public InvalidIdException(String message) {
        super(message);
    }
}
