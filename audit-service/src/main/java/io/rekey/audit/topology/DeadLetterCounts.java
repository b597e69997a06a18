package io.rekey.audit.topology;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How many records this instance has sent to dead-letter topics, by source topic. A record rejected in a transaction
 * that was then aborted and processed again is counted twice: this is an operator's gauge, the dead-letter topic is the
 * exact record.
 */
public final class DeadLetterCounts {
    private final Map<String, AtomicLong> bySourceTopic = new ConcurrentHashMap<>();

    void increment(String sourceTopic) {
        bySourceTopic.computeIfAbsent(sourceTopic, topic -> new AtomicLong()).incrementAndGet();
    }

    public long count(String sourceTopic) {
        AtomicLong count = bySourceTopic.get(sourceTopic);
        return count == null ? 0 : count.get();
    }

    public Map<String, Long> snapshot() {
        Map<String, Long> copy = new TreeMap<>();
        bySourceTopic.forEach((topic, count) -> copy.put(topic, count.get()));
        return copy;
    }
}
