package io.rekey.audit.topology;

import io.rekey.audit.view.AccountState;
import io.rekey.audit.view.History;
import io.rekey.audit.view.HistoryEntry;
import io.rekey.audit.view.JsonSerde;
import io.rekey.audit.view.KeyAccounts;
import io.rekey.audit.view.KeyStatus;
import io.rekey.audit.view.UsageCounts;
import io.rekey.events.EventData;
import io.rekey.events.EventEnvelope;
import io.rekey.events.account.AccountEvent;
import io.rekey.events.dlq.DeadLetters;
import io.rekey.events.key.KeyEvent;
import io.rekey.events.serde.EventSerde;
import io.rekey.events.signing.EventVerifier;
import io.rekey.events.topics.TopicCatalogue;
import io.rekey.events.usage.KeyUsed;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KGroupedStream;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The audit topology: three event topics in, seven queryable views out. Every store, repartition topic and changelog
 * is named here by a constant, so the names the queries use and the names on the cluster cannot drift apart.
 *
 * <pre>
 * vault.key-events ──decode──► key-history ──────────────┐
 * storage.account-events ──decode──► account-history      ├─join─► key-status
 *                                 └► account-state ─by key─► key-accounts
 * vault.key-usage ──decode──► usage-per-minute, usage-per-hour, usage-totals
 * (records that do not decode ──► &lt;topic&gt;.dlq)
 * </pre>
 */
public final class AuditTopology {
    public static final String KEY_HISTORY_STORE = "key-history";
    public static final String ACCOUNT_HISTORY_STORE = "account-history";
    public static final String ACCOUNT_STATE_STORE = "account-state";
    public static final String KEY_ACCOUNTS_STORE = "key-accounts";
    public static final String KEY_STATUS_STORE = "key-status";
    public static final String USAGE_PER_MINUTE_STORE = "usage-per-minute";
    public static final String USAGE_PER_HOUR_STORE = "usage-per-hour";
    public static final String USAGE_TOTALS_STORE = "usage-totals";

    /** The one repartition topic: account state re-keyed by the vault key that wraps the account. */
    public static final String ACCOUNTS_BY_KEY_REPARTITION = "accounts-by-key";

    static final String KEY_EVENTS_GROUPING = "key-events-by-key";
    static final String ACCOUNT_EVENTS_GROUPING = "account-events-by-account";
    static final String USAGE_GROUPING = "usage-by-key";

    private static final Serde<String> KEYS = Serdes.String();
    private static final Serde<EventEnvelope> EVENTS = new EventSerde();
    private static final Serde<History> HISTORY = new JsonSerde<>(History.class);
    private static final Serde<AccountState> ACCOUNT_STATE = new JsonSerde<>(AccountState.class);
    private static final Serde<KeyAccounts> KEY_ACCOUNTS = new JsonSerde<>(KeyAccounts.class);
    private static final Serde<KeyStatus> KEY_STATUS = new JsonSerde<>(KeyStatus.class);
    private static final Serde<UsageCounts> USAGE = new JsonSerde<>(UsageCounts.class);

    private AuditTopology() {}

    /**
     * What the topology needs to know.
     *
     * @param keyEventVerifier checks key event signatures; absent means key events are trusted unverified
     * @param usageRetention how long windowed usage counts are kept
     * @param usageGrace how late a usage record may arrive and still be counted in its window
     */
    public record Options(
            Optional<EventVerifier> keyEventVerifier,
            Duration usageRetention,
            Duration usageGrace,
            DeadLetterCounts deadLetters,
            Clock clock) {}

    /** A builder that refuses unnamed internal topics and stores, with the views added, built. */
    public static Topology build(Properties config, Options options) {
        StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(config)));
        addTo(builder, options);
        return builder.build(config);
    }

    /** Adds the audit views to the builder. */
    public static void addTo(StreamsBuilder builder, Options options) {
        KStream<String, EventEnvelope> keyEvents = decoded(
                builder,
                TopicCatalogue.VAULT_KEY_EVENTS,
                "key-events",
                KeyEvent.class,
                options.keyEventVerifier(),
                options);
        KStream<String, EventEnvelope> accountEvents = decoded(
                builder,
                TopicCatalogue.STORAGE_ACCOUNT_EVENTS,
                "account-events",
                AccountEvent.class,
                Optional.empty(),
                options);
        KStream<String, EventEnvelope> usage =
                decoded(builder, TopicCatalogue.VAULT_KEY_USAGE, "key-usage", KeyUsed.class, Optional.empty(), options);

        KTable<String, History> keyHistory =
                history(keyEvents.groupByKey(Grouped.with(KEY_EVENTS_GROUPING, KEYS, EVENTS)), KEY_HISTORY_STORE);
        KTable<String, KeyAccounts> keyAccounts = accountViews(accountEvents);
        keyHistory.outerJoin(
                keyAccounts,
                KeyStatus::of,
                Named.as("key-status-join"),
                Materialized.<String, KeyStatus, KeyValueStore<Bytes, byte[]>>as(KEY_STATUS_STORE)
                        .withKeySerde(KEYS)
                        .withValueSerde(KEY_STATUS));

        usageViews(usage, options);
    }

    private static KStream<String, EventEnvelope> decoded(
            StreamsBuilder builder,
            String topic,
            String prefix,
            Class<? extends EventData> dataType,
            Optional<EventVerifier> verifier,
            Options options) {
        EventDecoder.SourceRules rules = new EventDecoder.SourceRules(topic, dataType, verifier);
        KStream<String, Decoded> decoded = builder.stream(
                        topic, Consumed.with(KEYS, Serdes.ByteArray()).withName(prefix + "-source"))
                .processValues(
                        () -> new EventDecoder(rules, options.deadLetters(), options.clock()),
                        Named.as(prefix + "-decode"));
        decoded.filter((key, value) -> value.isRejected(), Named.as(prefix + "-rejected"))
                .mapValues(Decoded::raw, Named.as(prefix + "-rejected-bytes"))
                .to(
                        DeadLetters.topicFor(topic),
                        Produced.with(KEYS, Serdes.ByteArray()).withName(prefix + "-dead-letters"));
        return decoded.filter((key, value) -> !value.isRejected(), Named.as(prefix + "-accepted"))
                .mapValues(Decoded::event, Named.as(prefix + "-events"));
    }

    private static KTable<String, History> history(KGroupedStream<String, EventEnvelope> events, String store) {
        return events.aggregate(
                History::empty,
                (subject, event, history) -> history.append(HistoryEntry.of(event)),
                Named.as(store + "-aggregate"),
                Materialized.<String, History, KeyValueStore<Bytes, byte[]>>as(store)
                        .withKeySerde(KEYS)
                        .withValueSerde(HISTORY));
    }

    /** Account history, account state, and the accounts of each key (re-keyed from account to key name). */
    private static KTable<String, KeyAccounts> accountViews(KStream<String, EventEnvelope> accountEvents) {
        KGroupedStream<String, EventEnvelope> byAccount =
                accountEvents.groupByKey(Grouped.with(ACCOUNT_EVENTS_GROUPING, KEYS, EVENTS));
        history(byAccount, ACCOUNT_HISTORY_STORE);
        KTable<String, AccountState> accountState = byAccount.aggregate(
                AccountState::unknown,
                (account, event, state) -> state.apply(event),
                Named.as(ACCOUNT_STATE_STORE + "-aggregate"),
                Materialized.<String, AccountState, KeyValueStore<Bytes, byte[]>>as(ACCOUNT_STATE_STORE)
                        .withKeySerde(KEYS)
                        .withValueSerde(ACCOUNT_STATE));
        return accountState
                .filter((account, state) -> state.onVaultKey(), Named.as("accounts-on-vault-keys"))
                .groupBy(
                        (account, state) -> KeyValue.pair(state.keyName(), state),
                        Grouped.with(ACCOUNTS_BY_KEY_REPARTITION, KEYS, ACCOUNT_STATE))
                .aggregate(
                        KeyAccounts::empty,
                        (key, state, accounts) -> accounts.with(state),
                        (key, state, accounts) -> accounts.without(state),
                        Named.as(KEY_ACCOUNTS_STORE + "-aggregate"),
                        Materialized.<String, KeyAccounts, KeyValueStore<Bytes, byte[]>>as(KEY_ACCOUNTS_STORE)
                                .withKeySerde(KEYS)
                                .withValueSerde(KEY_ACCOUNTS));
    }

    private static void usageViews(KStream<String, EventEnvelope> usage, Options options) {
        KGroupedStream<String, EventEnvelope> byKey = usage.groupByKey(Grouped.with(USAGE_GROUPING, KEYS, EVENTS));
        windowed(byKey, Duration.ofMinutes(1), USAGE_PER_MINUTE_STORE, options);
        windowed(byKey, Duration.ofHours(1), USAGE_PER_HOUR_STORE, options);
        byKey.aggregate(
                UsageCounts::empty,
                (key, event, counts) -> counts.add(event.dataAs(KeyUsed.class)),
                Named.as(USAGE_TOTALS_STORE + "-aggregate"),
                Materialized.<String, UsageCounts, KeyValueStore<Bytes, byte[]>>as(USAGE_TOTALS_STORE)
                        .withKeySerde(KEYS)
                        .withValueSerde(USAGE));
    }

    private static void windowed(
            KGroupedStream<String, EventEnvelope> byKey, Duration size, String store, Options options) {
        byKey.windowedBy(TimeWindows.ofSizeAndGrace(size, options.usageGrace()))
                .aggregate(
                        UsageCounts::empty,
                        (key, event, counts) -> counts.add(event.dataAs(KeyUsed.class)),
                        Named.as(store + "-aggregate"),
                        Materialized.<String, UsageCounts, WindowStore<Bytes, byte[]>>as(store)
                                .withKeySerde(KEYS)
                                .withValueSerde(USAGE)
                                .withRetention(options.usageRetention()));
    }
}
