package io.rekey.storage.account;

import io.rekey.events.EventEnvelope;
import io.rekey.events.account.AccountEvent;
import io.rekey.events.ids.AccountName;
import io.rekey.events.serde.EventJson;
import io.rekey.events.topics.TopicCatalogue;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Records account events: decides under the account's lock, appends the event to {@code storage.account-events} with
 * the next sequence number, waits until all in-sync replicas have it, and only then applies it to the registry. A
 * state change is therefore never visible before it is durable, and one account's events are strictly ordered.
 */
public final class AccountLedger {
    private final Producer<byte[], byte[]> producer;
    private final AccountRegistry registry;
    private final URI source;
    private final Clock clock;
    private final Duration sendTimeout;
    private final EventJson json = new EventJson();
    private final ConcurrentMap<AccountName, ReentrantLock> locks = new ConcurrentHashMap<>();

    public AccountLedger(
            Producer<byte[], byte[]> producer,
            AccountRegistry registry,
            URI source,
            Clock clock,
            Duration sendTimeout) {
        this.producer = producer;
        this.registry = registry;
        this.source = source;
        this.clock = clock;
        this.sendTimeout = sendTimeout;
    }

    /** Decides what happens to one account, given its latest state (a tombstone if deleted, empty if never made). */
    @FunctionalInterface
    public interface Decision<E extends Exception> {
        /** @return the event to record, or null when nothing should change */
        AccountEvent decide(Optional<AccountState> latest) throws E;
    }

    /**
     * Runs the decision under the account's lock and records its event, if any.
     *
     * @return the account's state afterwards (a tombstone if it was deleted)
     */
    public <E extends Exception> Optional<AccountState> update(AccountName name, Decision<E> decision)
            throws E, LedgerUnavailableException {
        ReentrantLock lock = lockOf(name);
        lock.lock();
        try {
            Optional<AccountState> latest = registry.latest(name);
            AccountEvent event = decision.decide(latest);
            if (event == null) {
                return latest;
            }
            EventEnvelope envelope = next(latest, event, clock.instant());
            await(envelope, send(envelope));
            registry.apply(envelope);
            return registry.latest(name);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Records one event for each of many accounts at once: every event is sent before any acknowledgement is awaited,
     * so a thousand accounts cost about one round trip to Kafka instead of a thousand. The accounts stay locked (taken
     * in name order) until all their events are durable and applied; each event carries the time the batch began.
     *
     * @return how many events were recorded
     * @throws LedgerUnavailableException if any event could not be recorded; the others are recorded and applied
     */
    public int updateAll(List<AccountName> names, Function<Optional<AccountState>, AccountEvent> decision)
            throws LedgerUnavailableException {
        Instant at = clock.instant();
        List<ReentrantLock> held = new ArrayList<>();
        List<EventEnvelope> envelopes = new ArrayList<>();
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        try {
            RuntimeException undecided = null;
            try {
                for (AccountName name : names.stream().distinct().sorted().toList()) {
                    ReentrantLock lock = lockOf(name);
                    lock.lock();
                    held.add(lock);
                    Optional<AccountState> latest = registry.latest(name);
                    AccountEvent event = decision.apply(latest);
                    if (event != null) {
                        EventEnvelope envelope = next(latest, event, at);
                        envelopes.add(envelope);
                        sends.add(send(envelope));
                    }
                }
            } catch (RuntimeException e) {
                // Events already sent may be durable: they are still awaited and applied below.
                undecided = e;
            }
            LedgerUnavailableException failure = null;
            int recorded = 0;
            for (int i = 0; i < envelopes.size(); i++) {
                try {
                    await(envelopes.get(i), sends.get(i));
                    registry.apply(envelopes.get(i));
                    recorded++;
                } catch (LedgerUnavailableException e) {
                    failure = failure == null ? e : failure;
                }
            }
            if (undecided != null) {
                throw undecided;
            }
            if (failure != null) {
                throw failure;
            }
            return recorded;
        } finally {
            held.forEach(ReentrantLock::unlock);
        }
    }

    private ReentrantLock lockOf(AccountName name) {
        return locks.computeIfAbsent(name, n -> new ReentrantLock());
    }

    private EventEnvelope next(Optional<AccountState> latest, AccountEvent event, Instant at) {
        long sequence = latest.map(AccountState::sequence).orElse(0L) + 1;
        return EventEnvelope.of(source, sequence, event, at);
    }

    private Future<RecordMetadata> send(EventEnvelope envelope) {
        return producer.send(new ProducerRecord<>(
                TopicCatalogue.STORAGE_ACCOUNT_EVENTS,
                envelope.subject().getBytes(StandardCharsets.UTF_8),
                json.write(envelope)));
    }

    private void await(EventEnvelope envelope, Future<RecordMetadata> sent) throws LedgerUnavailableException {
        try {
            sent.get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new LedgerUnavailableException(
                    "could not record " + envelope + " on " + TopicCatalogue.STORAGE_ACCOUNT_EVENTS
                            + "; check that Kafka is reachable",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LedgerUnavailableException("interrupted while recording " + envelope, e);
        }
    }
}
