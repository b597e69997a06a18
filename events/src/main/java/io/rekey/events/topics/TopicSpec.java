package io.rekey.events.topics;

import java.util.Map;

/**
 * One topic of the catalogue: its name, how many partitions it has, and the topic-level settings it is created with.
 *
 * @param keyDescription what the record key is, for operators reading the catalogue
 */
public record TopicSpec(String name, int partitions, Map<String, String> settings, String keyDescription) {

    public TopicSpec {
        settings = Map.copyOf(settings);
    }

    /** The dead-letter topic that goes with this one. */
    public String deadLetterTopic() {
        return name + ".dlq";
    }
}
