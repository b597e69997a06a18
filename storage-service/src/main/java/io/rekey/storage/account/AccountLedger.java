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
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

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
    private final ConcurrentMap<AccountName, Object> locks = new ConcurrentHashMap<>();

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
        synchronized (locks.computeIfAbsent(name, n -> new Object())) {
            Optional<AccountState> latest = registry.latest(name);
            AccountEvent event = decision.decide(latest);
            if (event == null) {
                return latest;
            }
            long sequence = latest.map(AccountState::sequence).orElse(0L) + 1;
            EventEnvelope envelope = EventEnvelope.of(source, sequence, event, clock.instant());
            send(envelope);
            registry.apply(envelope);
            return registry.latest(name);
        }
    }

    private void send(EventEnvelope envelope) throws LedgerUnavailableException {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(
                TopicCatalogue.STORAGE_ACCOUNT_EVENTS,
                envelope.subject().getBytes(StandardCharsets.UTF_8),
                json.write(envelope));
        try {
            producer.send(record).get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
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
