package io.rekey.storage.events;

import io.rekey.events.EventEnvelope;
import io.rekey.events.MalformedEventException;
import io.rekey.events.dlq.DeadLetterException;
import io.rekey.events.dlq.DeadLetters;
import io.rekey.events.key.KeyEvent;
import io.rekey.events.signing.EventVerifier;
import io.rekey.events.topics.TopicCatalogue;
import io.rekey.storage.account.LedgerUnavailableException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes {@code vault.key-events} on its own thread. Every instance reads every partition (storage must see every
 * key event), so partitions are assigned, not balanced; the group id is used only to keep committed offsets.
 *
 * <p>Each record is sorted into one of three outcomes:
 *
 * <ul>
 *   <li><b>bad data</b>: not JSON, unknown type, not a key event, or a signature that does not verify against the
 *       configured vault signing key. It is parked in {@code vault.key-events.dlq}, counted, and skipped.
 *   <li><b>transient</b>: Kafka could not take a record (an account event or a dead letter). The consumer seeks back
 *       to the record and tries it again after a back-off.
 *   <li><b>fatal</b>: anything else unexpected. The consumer stops and says so; AEK leases make every account fail
 *       closed through the vault within one lease.
 * </ul>
 */
public final class KeyEventConsumer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KeyEventConsumer.class);
    private static final Duration POLL = Duration.ofMillis(100);

    private final Consumer<byte[], byte[]> consumer;
    private final EventVerifier verifier;
    private final KeyEventHandler handler;
    private final DeadLetters deadLetters;
    private final Duration retryBackoff;
    private final PendingOffsets offsets = new PendingOffsets();
    private final CompletableFuture<Void> caughtUp = new CompletableFuture<>();
    private final AtomicLong handledCount = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean failed;

    public KeyEventConsumer(
            Consumer<byte[], byte[]> consumer,
            EventVerifier verifier,
            KeyEventHandler handler,
            DeadLetters deadLetters,
            Duration retryBackoff) {
        this.consumer = consumer;
        this.verifier = verifier;
        this.handler = handler;
        this.deadLetters = deadLetters;
        this.retryBackoff = retryBackoff;
        this.thread = new Thread(this::run, "storage-key-events");
        this.thread.setDaemon(true);
    }

    /** Starts consuming and waits until every event that existed at start has been handled. */
    public void start(Duration catchUpTimeout) {
        thread.start();
        try {
            caughtUp.get(catchUpTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("storage did not catch up with " + TopicCatalogue.VAULT_KEY_EVENTS
                    + " within " + catchUpTimeout + "; check that Kafka is reachable");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while catching up with key events", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(
                    "the key-event consumer failed at start: " + e.getCause().getMessage(), e.getCause());
        }
    }

    public boolean isFailed() {
        return failed;
    }

    public long handledCount() {
        return handledCount.get();
    }

    public long parkedCount() {
        return deadLetters.parkedCount();
    }

    private void run() {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(TopicCatalogue.VAULT_KEY_EVENTS).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> endAtStart = consumer.endOffsets(partitions);
            log.info("Consuming {} ({} partitions)", TopicCatalogue.VAULT_KEY_EVENTS, partitions.size());
            while (running) {
                boolean retry = pollOnce();
                commit();
                if (!caughtUp.isDone() && reached(endAtStart)) {
                    caughtUp.complete(null);
                }
                if (retry) {
                    Thread.sleep(retryBackoff.toMillis());
                }
            }
        } catch (WakeupException | InterruptedException e) {
            // Closing.
        } catch (RuntimeException e) {
            failed = true;
            log.error(
                    "Stopped consuming {}: {}; fix the cause and restart storage (accounts fail closed through the"
                            + " vault once their AEK leases end)",
                    TopicCatalogue.VAULT_KEY_EVENTS,
                    e.getMessage(),
                    e);
            caughtUp.completeExceptionally(e);
        } finally {
            try {
                commit();
            } catch (RuntimeException e) {
                log.debug("Final commit failed", e);
            }
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** @return true if a record must be retried after a back-off */
    private boolean pollOnce() {
        ConsumerRecords<byte[], byte[]> records;
        try {
            records = consumer.poll(POLL);
        } catch (RetriableException e) {
            log.warn("Polling {} failed, retrying: {}", TopicCatalogue.VAULT_KEY_EVENTS, e.getMessage());
            return true;
        }
        boolean retry = false;
        for (TopicPartition partition : records.partitions()) {
            for (ConsumerRecord<byte[], byte[]> record : records.records(partition)) {
                CompletableFuture<Void> effect = process(record);
                if (effect == null) {
                    consumer.seek(partition, record.offset());
                    retry = true;
                    break;
                }
                offsets.handled(partition, record.offset(), effect);
                handledCount.incrementAndGet();
            }
        }
        return retry;
    }

    /** @return the effect, or null if the record must be retried */
    private CompletableFuture<Void> process(ConsumerRecord<byte[], byte[]> record) {
        EventEnvelope event;
        try {
            event = verifier.readVerified(record.value());
            if (!(event.data() instanceof KeyEvent)) {
                throw new MalformedEventException(
                        MalformedEventException.Reason.UNKNOWN_TYPE,
                        event.type().shortName() + " is not a key event and does not belong on this topic");
            }
        } catch (MalformedEventException e) {
            return park(record, e.reason().name(), e.getMessage());
        }
        try {
            return handler.handle(event);
        } catch (LedgerUnavailableException e) {
            log.warn("Could not record the effect of {}; retrying: {}", event, e.getMessage());
            return null;
        }
    }

    private CompletableFuture<Void> park(ConsumerRecord<byte[], byte[]> record, String code, String reason) {
        try {
            deadLetters.park(record, code, reason);
            return CompletableFuture.completedFuture(null);
        } catch (DeadLetterException e) {
            log.warn(
                    "Could not park record {}-{}@{}; retrying: {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    e.getMessage());
            return null;
        }
    }

    private void commit() {
        Map<TopicPartition, OffsetAndMetadata> ready = offsets.committable();
        if (ready.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(ready, Duration.ofSeconds(10));
            offsets.committed(ready);
        } catch (RetriableException e) {
            log.warn("Committing offsets failed, will retry: {}", e.getMessage());
        }
    }

    private boolean reached(Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> entry : end.entrySet()) {
            if (consumer.position(entry.getKey()) < entry.getValue()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
