package io.rekey.vault.usage;

import io.rekey.events.EventEnvelope;
import io.rekey.events.serde.EventJson;
import io.rekey.events.signing.EventSigner;
import io.rekey.events.topics.TopicCatalogue;
import io.rekey.events.usage.KeyUsed;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes {@link KeyUsed} records off the crypto path. A request only adds its record to a bounded, lock-free queue,
 * which never blocks and takes no lock that requests for other keys would wait on; one thread drains the queue in
 * batches, signs and sends them with an idempotent producer. When the queue is full the record is dropped and counted,
 * and the count is logged at most every ten seconds.
 */
public final class UsageRecorder implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(UsageRecorder.class);
    private static final int BATCH = 500;
    private static final long DROP_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final Queue<KeyUsed> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final int capacity;
    private final Duration closeTimeout;
    private final KafkaProducer<byte[], byte[]> producer;
    private final EventSigner signer;
    private final URI source;
    private final EventJson json = new EventJson();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong sendFailures = new AtomicLong();
    private final AtomicLong published = new AtomicLong();
    /** Usage records carry a sequence too; one counter per vault run, starting from the clock so it keeps rising. */
    private final AtomicLong sequence = new AtomicLong(System.currentTimeMillis() * 1000);

    private final Thread drainer;
    private volatile boolean running = true;
    private volatile long lastDropLog;

    public UsageRecorder(KafkaProducer<byte[], byte[]> producer, EventSigner signer, URI source, int capacity) {
        this(producer, signer, source, capacity, Duration.ofSeconds(5));
    }

    /** @param closeTimeout how long {@link #close} waits for queued records to be sent */
    UsageRecorder(
            KafkaProducer<byte[], byte[]> producer,
            EventSigner signer,
            URI source,
            int capacity,
            Duration closeTimeout) {
        this.closeTimeout = closeTimeout;
        this.capacity = capacity;
        this.producer = producer;
        this.signer = signer;
        this.source = source;
        this.drainer = new Thread(this::drain, "vault-usage-publisher");
        this.drainer.setDaemon(true);
        this.drainer.start();
    }

    /** Hands a record over for publishing; returns at once, whether or not there was room. */
    public void record(KeyUsed used) {
        if (queued.incrementAndGet() <= capacity) {
            queue.add(used);
        } else {
            queued.decrementAndGet();
            long total = dropped.incrementAndGet();
            long now = System.nanoTime();
            if (now - lastDropLog > DROP_LOG_INTERVAL_NANOS) {
                lastDropLog = now;
                log.warn(
                        "Key usage queue is full; {} usage records dropped so far. Raise vault.usage.queue.capacity"
                                + " or check that Kafka keeps up",
                        total);
            }
        }
    }

    public long dropped() {
        return dropped.get();
    }

    public long published() {
        return published.get();
    }

    private void drain() {
        while (running || !queue.isEmpty()) {
            int sent = 0;
            KeyUsed used;
            while (sent < BATCH && (used = queue.poll()) != null) {
                queued.decrementAndGet();
                sent++;
                try {
                    send(used);
                } catch (RuntimeException e) {
                    log.warn("Publishing a key usage record failed: {}", e.getMessage());
                }
            }
            if (sent == 0) {
                LockSupport.parkNanos(IDLE_PARK_NANOS);
            }
        }
    }

    private void send(KeyUsed used) {
        EventEnvelope envelope = signer.sign(EventEnvelope.of(source, sequence.incrementAndGet(), used, used.at()));
        byte[] key = used.key().value().getBytes(StandardCharsets.UTF_8);
        producer.send(new ProducerRecord<>(TopicCatalogue.VAULT_KEY_USAGE, key, json.write(envelope)), (m, e) -> {
            if (e == null) {
                published.incrementAndGet();
            } else if (sendFailures.incrementAndGet() % 1000 == 1) {
                log.warn(
                        "A key usage record could not be published ({} so far): {}",
                        sendFailures.get(),
                        e.getMessage());
            }
        });
    }

    @Override
    public void close() {
        running = false;
        try {
            drainer.join(closeTimeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            producer.close(closeTimeout);
        } catch (KafkaException e) {
            log.warn("Closing the key usage producer failed: {}", e.getMessage());
        }
        if (dropped.get() > 0) {
            log.warn("{} key usage records were dropped while this vault ran", dropped.get());
        }
    }
}
