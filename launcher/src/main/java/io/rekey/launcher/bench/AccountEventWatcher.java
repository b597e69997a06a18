package io.rekey.launcher.bench;

import io.rekey.events.EventEnvelope;
import io.rekey.events.MalformedEventException;
import io.rekey.events.account.AccountKeyRewrapped;
import io.rekey.events.account.AccountLocked;
import io.rekey.events.serde.EventJson;
import io.rekey.events.topics.TopicCatalogue;
import io.rekey.service.kafka.KafkaClients;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Watches {@code storage.account-events} from its end at start, the way any consumer of the public topic can: which
 * version each account was last re-wrapped to (and when the watcher saw it), and when each account was locked (the
 * event's own time, which storage sets when the lock took effect).
 */
final class AccountEventWatcher implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private final EventJson json = new EventJson();
    private final Map<String, Rewrap> rewrapped = new ConcurrentHashMap<>();
    private final Map<String, Instant> locked = new ConcurrentHashMap<>();
    private volatile boolean running = true;

    record Rewrap(String version, long seenNanos) {}

    AccountEventWatcher(KafkaClients clients) {
        consumer = new KafkaConsumer<>(clients.consumer("bench-account-watcher", null));
        List<TopicPartition> partitions = consumer.partitionsFor(TopicCatalogue.STORAGE_ACCOUNT_EVENTS).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        thread = new Thread(this::run, "bench-account-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                    see(record.value());
                }
            }
        } catch (WakeupException e) {
            // Closing.
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void see(byte[] value) {
        long now = System.nanoTime();
        EventEnvelope event;
        try {
            event = json.read(value);
        } catch (MalformedEventException e) {
            return;
        }
        if (event.data() instanceof AccountKeyRewrapped rewrap) {
            rewrapped.put(rewrap.account().value(), new Rewrap(rewrap.version().value(), now));
        } else if (event.data() instanceof AccountLocked lock) {
            locked.put(lock.account().value(), event.time());
        }
    }

    /** Waits until every account was re-wrapped to the version; returns when the watcher saw the last of them. */
    long awaitRewrapped(Collection<String> accounts, String version, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long last = 0;
            int missing = 0;
            for (String account : accounts) {
                Rewrap rewrap = rewrapped.get(account);
                if (rewrap == null || !rewrap.version().equals(version)) {
                    missing++;
                } else {
                    last = Math.max(last, rewrap.seenNanos());
                }
            }
            if (missing == 0) {
                return last;
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException(missing + " of " + accounts.size() + " accounts were not re-wrapped to "
                        + version + " within " + timeout);
            }
            Thread.sleep(5);
        }
    }

    /** Waits until every account was locked; returns each account's lock time. */
    Map<String, Instant> awaitLocked(Collection<String> accounts, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Map<String, Instant> found = new HashMap<>();
            for (String account : accounts) {
                Instant at = locked.get(account);
                if (at != null) {
                    found.put(account, at);
                }
            }
            if (found.size() == accounts.size()) {
                return found;
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException((accounts.size() - found.size()) + " of " + accounts.size()
                        + " accounts were not locked within " + timeout);
            }
            Thread.sleep(5);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(5000);
    }
}
