package io.rekey.events.topics;

/** Topics could not be created or checked; fatal at start-up, with a message that says what to check. */
public final class TopicSetupException extends RuntimeException {
    public TopicSetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
