package io.rekey.events;

/**
 * The payload of an event: one of the closed set of immutable records that {@link EventType} lists. Every record is a past-tense fact about one
 * subject (a key or an account), and none carries private or unwrapped key material.
 */
public interface EventData {

    /** The aggregate this fact is about: the key name or the account name. It is the Kafka record key. */
    String subject();
}
