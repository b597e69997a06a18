package io.rekey.vault.store;

import io.rekey.events.EventEnvelope;
import io.rekey.events.ids.CallerId;
import io.rekey.events.ids.KeyName;
import io.rekey.events.ids.KeyVersion;
import io.rekey.events.key.KeyAttributesChanged;
import io.rekey.events.key.KeyCreated;
import io.rekey.events.key.KeyEvent;
import io.rekey.events.key.KeyRestored;
import io.rekey.events.key.KeyRevoked;
import io.rekey.events.key.KeyRotated;
import io.rekey.events.key.RevocationScope;
import io.rekey.events.serde.EventJson;
import io.rekey.events.signing.EventSigner;
import io.rekey.events.topics.TopicCatalogue;
import io.rekey.service.http.ApiException;
import io.rekey.vault.keys.KeyAggregate;
import io.rekey.vault.keys.KeyCommand;
import io.rekey.vault.keys.KeyState;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The vault's keys: an in-memory view for reads and crypto, and the only writer of the journal and the key events.
 * Reads never lock (states are immutable and swapped whole). Writes are serialised, because one transactional producer
 * runs one transaction at a time: each command's journal record and events are committed in one Kafka transaction
 * before the new state becomes visible and the caller is answered.
 */
public final class KeyStore implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KeyStore.class);

    /** Journal key of the ownership marker; a leading dot can never start a key name. */
    static final byte[] OWNER_MARKER_KEY = ".vault-owner".getBytes(StandardCharsets.UTF_8);

    private final Map<KeyName, KeyState> states = new ConcurrentHashMap<>();
    private final KafkaProducer<byte[], byte[]> producer;
    private final JournalCodec codec;
    private final KeyAggregate aggregate;
    private final EventSigner signer;
    private final EventJson eventJson = new EventJson();
    private final URI source;
    private final String transactionalId;
    private final Clock clock;
    private volatile boolean fenced;
    private volatile boolean outcomeUnknown;

    public KeyStore(
            KafkaProducer<byte[], byte[]> producer,
            JournalCodec codec,
            KeyAggregate aggregate,
            EventSigner signer,
            URI source,
            String transactionalId,
            Clock clock) {
        this.producer = producer;
        this.codec = codec;
        this.aggregate = aggregate;
        this.signer = signer;
        this.source = source;
        this.transactionalId = transactionalId;
        this.clock = clock;
    }

    /** Takes over the transactional id (fencing any older writer), then reads the journal to its end. */
    public void start(Map<String, Object> consumerConfig, Duration timeout) {
        producer.initTransactions();
        rebuild(consumerConfig, timeout);
    }

    private void rebuild(Map<String, Object> consumerConfig, Duration timeout) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(TopicCatalogue.VAULT_JOURNAL, timeout)) {
                partitions.add(new TopicPartition(info.topic(), info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            Instant deadline = clock.instant().plus(timeout);
            int records = 0;
            while (!reachedEnd(consumer, end)) {
                if (clock.instant().isAfter(deadline)) {
                    throw new JournalException("reading the journal took longer than " + timeout
                            + "; check that the Kafka brokers are reachable");
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    apply(record);
                    records++;
                }
            }
            long keys = states.values().stream().filter(KeyState::exists).count();
            log.info("Rebuilt {} keys from {} journal records on {}", keys, records, TopicCatalogue.VAULT_JOURNAL);
        }
    }

    private static boolean reachedEnd(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> entry : end.entrySet()) {
            if (consumer.position(entry.getKey()) < entry.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void apply(ConsumerRecord<byte[], byte[]> record) {
        if (record.key() != null && record.key().length > 0 && record.key()[0] == '.') {
            return;
        }
        if (record.value() == null) {
            states.remove(KeyName.of(new String(record.key(), StandardCharsets.UTF_8)));
            return;
        }
        KeyState state = codec.decode(record.value());
        states.put(state.name(), state);
    }

    public Optional<KeyState> find(KeyName name) {
        return Optional.ofNullable(states.get(name));
    }

    public Collection<KeyState> all() {
        return states.values();
    }

    public boolean isFenced() {
        return fenced;
    }

    /** False once fenced or once a commit's outcome became unknown: this instance then changes nothing more. */
    public boolean canWrite() {
        return !fenced && !outcomeUnknown;
    }

    /**
     * Decides the command against the key's current state and, if it changes anything, commits the new state and its
     * events before returning it.
     */
    public synchronized KeyState execute(KeyCommand command) {
        requireWritable();
        KeyState state = states.getOrDefault(command.key(), KeyState.absent(command.key()));
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        List<KeyEvent> events = aggregate.decide(state, command, now);
        if (events.isEmpty()) {
            return state;
        }
        KeyState next = aggregate.evolveAll(state, events, command, now);
        commit(next, events, state.sequence(), now);
        states.put(next.name(), next);
        if (next.purged()) {
            codec.forget(next.name());
        }
        log.info(
                "Key {}: {} committed (sequence {})",
                next.name(),
                events.stream().map(KeyStore::describe).toList(),
                next.sequence());
        return next;
    }

    /** An event's type and the ids it is about, for one log line; never its payload. */
    static String describe(KeyEvent event) {
        String type = event.getClass().getSimpleName();
        if (event instanceof KeyCreated created) {
            return type + "(version " + created.version() + ", RSA " + created.keySize() + ")";
        } else if (event instanceof KeyRotated rotated) {
            return type + "(version " + rotated.version() + ", trigger " + rotated.trigger() + ")";
        } else if (event instanceof KeyAttributesChanged changed) {
            return type + "(version " + changed.version() + ", enabled " + changed.enabled() + ")";
        } else if (event instanceof KeyRevoked revoked) {
            return type + "(" + scope(revoked.scope(), revoked.version(), revoked.caller()) + ")";
        } else if (event instanceof KeyRestored restored) {
            return type + "(" + scope(restored.scope(), restored.version(), restored.caller()) + ")";
        }
        return type;
    }

    private static String scope(RevocationScope scope, KeyVersion version, CallerId caller) {
        return switch (scope) {
            case KEY -> "whole key";
            case VERSION -> "version " + version;
            case CALLER -> "caller " + caller;
        };
    }

    private void commit(KeyState next, List<KeyEvent> events, long previousSequence, Instant now) {
        byte[] key = next.name().value().getBytes(StandardCharsets.UTF_8);
        byte[] journal = codec.encode(next);
        List<byte[]> published = new ArrayList<>();
        long sequence = previousSequence;
        for (KeyEvent event : events) {
            EventEnvelope envelope = signer.sign(EventEnvelope.of(source, ++sequence, event, now));
            published.add(eventJson.write(envelope));
        }
        try {
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(TopicCatalogue.VAULT_JOURNAL, key, journal));
            for (byte[] event : published) {
                producer.send(new ProducerRecord<>(TopicCatalogue.VAULT_KEY_EVENTS, key, event));
            }
        } catch (KafkaException e) {
            throw failed(next.name(), e);
        }
        commitOrGiveUp(next.name());
    }

    /**
     * Commits the open transaction. A commit that times out is retried once, as the client allows; if its outcome is
     * still unknown the change may or may not be in the journal, so this instance stops accepting work until a restart
     * rebuilds it from the journal, rather than guess.
     */
    private void commitOrGiveUp(KeyName name) {
        try {
            producer.commitTransaction();
        } catch (TimeoutException first) {
            try {
                producer.commitTransaction();
            } catch (TimeoutException second) {
                outcomeUnknown = true;
                log.error(
                        "Committing a change to key {} timed out twice; its outcome is unknown, so this instance"
                                + " refuses every key operation. Restart it once Kafka is reachable: it rebuilds from"
                                + " the journal",
                        name);
                throw ApiException.unavailable(
                        "ServiceUnavailable", "the vault lost track of a change; it must be restarted", 30);
            } catch (KafkaException e) {
                throw failed(name, e);
            }
        } catch (KafkaException e) {
            throw failed(name, e);
        }
    }

    private ApiException failed(Object subject, KafkaException e) {
        if (isFencing(e)) {
            return markFenced();
        }
        try {
            producer.abortTransaction();
        } catch (KafkaException abortFailure) {
            if (isFencing(abortFailure)) {
                return markFenced();
            }
            log.warn("Aborting the transaction for {} failed too: {}", subject, abortFailure.getMessage());
        }
        log.warn("Writing {} to Kafka failed and was rolled back: {}", subject, e.getMessage());
        return ApiException.unavailable(
                "ServiceUnavailable", "the change could not be written to Kafka; nothing was changed, retry", 1);
    }

    private ApiException markFenced() {
        if (!fenced) {
            fenced = true;
            log.error(
                    "Another vault instance took over transactional id '{}'; this instance can no longer write and"
                            + " refuses every key operation. Stop it, or give each instance its own"
                            + " vault.transactional.id if both should run",
                    transactionalId);
        }
        return fencedError();
    }

    /**
     * Proves this instance still owns the transactional id by committing a small marker record to the journal. A
     * newer instance has fenced this one if that fails, and this instance then stops serving within one check
     * interval, instead of answering from a view that no longer sees the newer instance's revocations. The marker's
     * key is not a key name, so the rebuild skips it; compaction keeps one.
     */
    public synchronized void checkOwnership() {
        if (!canWrite()) {
            return;
        }
        byte[] value = ("{\"owner\":\"" + transactionalId + "\",\"at\":\"" + clock.instant() + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        try {
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(TopicCatalogue.VAULT_JOURNAL, OWNER_MARKER_KEY, value));
            producer.commitTransaction();
        } catch (KafkaException e) {
            failed("the ownership marker", e);
        }
    }

    private static boolean isFencing(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ProducerFencedException || cause instanceof InvalidProducerEpochException) {
                return true;
            }
        }
        return false;
    }

    /** Refuses work once fenced: another instance now owns the journal, so this one's view may be stale. */
    public void requireWritable() {
        if (fenced) {
            throw fencedError();
        }
        if (outcomeUnknown) {
            throw ApiException.unavailable(
                    "ServiceUnavailable", "the vault lost track of a change and must be restarted", 30);
        }
    }

    private static ApiException fencedError() {
        return ApiException.unavailable(
                "Fenced",
                "this vault instance was replaced by another with the same transactional id; send requests to the new"
                        + " instance",
                5);
    }

    @Override
    public void close() {
        try {
            producer.close(Duration.ofSeconds(5));
        } catch (KafkaException e) {
            log.warn("Closing the journal producer failed: {}", e.getMessage());
        }
    }

    /** Only for a summary log line: how many keys exist. */
    public Map<String, Long> counts() {
        Map<String, Long> counts = new HashMap<>();
        counts.put("keys", states.values().stream().filter(KeyState::isActive).count());
        counts.put(
                "deleted",
                states.values().stream()
                        .filter(s -> s.exists() && s.isDeleted())
                        .count());
        return counts;
    }
}
