package io.rekey.storage.account;

import io.rekey.events.EventEnvelope;
import io.rekey.events.MalformedEventException;
import io.rekey.events.serde.EventJson;
import io.rekey.events.topics.TopicCatalogue;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the registry from the whole of {@code storage.account-events} before the service serves: every partition
 * from its beginning up to the end it had when the replay began. A record that is not a usable event is counted and
 * skipped (it is storage's own topic, so this means a bug or an outside writer, and the log says so).
 */
public final class AccountHistory {
    private static final Logger log = LoggerFactory.getLogger(AccountHistory.class);

    private AccountHistory() {}

    /** @return how many events were applied */
    public static long replay(Consumer<byte[], byte[]> consumer, AccountRegistry registry, Duration timeout) {
        List<TopicPartition> partitions =
                consumer.partitionsFor(TopicCatalogue.STORAGE_ACCOUNT_EVENTS, timeout).stream()
                        .map(info -> new TopicPartition(info.topic(), info.partition()))
                        .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
        EventJson json = new EventJson();
        long applied = 0;
        long skipped = 0;
        Instant deadline = Instant.now().plus(timeout);
        while (!reached(consumer, end)) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("replaying " + TopicCatalogue.STORAGE_ACCOUNT_EVENTS
                        + " took longer than " + timeout + "; check that Kafka is reachable");
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                try {
                    EventEnvelope event = json.read(record.value());
                    if (registry.apply(event)) {
                        applied++;
                    }
                } catch (MalformedEventException e) {
                    skipped++;
                    log.error(
                            "Skipped record {}-{}@{} while rebuilding accounts: {}",
                            record.topic(),
                            record.partition(),
                            record.offset(),
                            e.getMessage());
                }
            }
        }
        log.info(
                "Rebuilt {} accounts from {} events on {} ({} records skipped)",
                registry.active().size(),
                applied,
                TopicCatalogue.STORAGE_ACCOUNT_EVENTS,
                skipped);
        return applied;
    }

    private static boolean reached(Consumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> entry : end.entrySet()) {
            if (consumer.position(entry.getKey()) < entry.getValue()) {
                return false;
            }
        }
        return true;
    }
}
