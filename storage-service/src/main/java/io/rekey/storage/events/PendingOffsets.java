package io.rekey.storage.events;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Which offsets may be committed: per partition, up to (not including) the oldest record whose effect is not durable
 * yet. Records after it may already be handled; if the process stops, they are delivered again and change nothing,
 * because handling is idempotent.
 */
final class PendingOffsets {
    private final Map<TopicPartition, TreeMap<Long, CompletableFuture<Void>>> pending = new HashMap<>();
    private final Map<TopicPartition, Long> handledUpTo = new HashMap<>();
    private final Map<TopicPartition, Long> committed = new HashMap<>();

    void handled(TopicPartition partition, long offset, CompletableFuture<Void> effect) {
        if (!effect.isDone()) {
            pending.computeIfAbsent(partition, p -> new TreeMap<>()).put(offset, effect);
        }
        handledUpTo.merge(partition, offset + 1, Math::max);
    }

    /** The offsets to commit now: those that moved since the last commit. */
    Map<TopicPartition, OffsetAndMetadata> committable() {
        Map<TopicPartition, OffsetAndMetadata> ready = new HashMap<>();
        handledUpTo.forEach((partition, upTo) -> {
            TreeMap<Long, CompletableFuture<Void>> open = pending.getOrDefault(partition, new TreeMap<>());
            while (!open.isEmpty() && open.firstEntry().getValue().isDone()) {
                open.pollFirstEntry();
            }
            long position = open.isEmpty() ? upTo : open.firstKey();
            if (!Long.valueOf(position).equals(committed.get(partition))) {
                ready.put(partition, new OffsetAndMetadata(position));
            }
        });
        return ready;
    }

    void committed(Map<TopicPartition, OffsetAndMetadata> offsets) {
        offsets.forEach((partition, offset) -> committed.put(partition, offset.offset()));
    }

    boolean hasPending() {
        return pending.values().stream().anyMatch(open -> open.values().stream().anyMatch(f -> !f.isDone()));
    }
}
