package io.rekey.audit.http;

import io.javalin.http.Context;
import io.rekey.audit.query.AuditQueries;
import io.rekey.audit.query.Stores;
import io.rekey.service.http.ApiException;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.StreamsNotStartedException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

/**
 * Decides where a query is answered. Data for a key lives on the instance whose task owns the key's partition; this
 * instance answers from its own stores when it is that owner, forwards otherwise, and says 503 with Retry-After while
 * the owner is unknown, moving or restoring, since an empty answer then would be a wrong one.
 */
final class QueryRouter {
    private static final Serializer<String> KEYS = Serdes.String().serializer();
    private static final int RETRY_AFTER_SECONDS = 1;

    private final Supplier<KafkaStreams> streams;
    private final Supplier<HostInfo> self;
    private final Forwarder forwarder;

    /** @param self where this instance answers; known once the HTTP server listens, before Streams starts */
    QueryRouter(Supplier<KafkaStreams> streams, Supplier<HostInfo> self) {
        this.streams = streams;
        this.self = self;
        this.forwarder = new Forwarder(() -> describe(self.get()), Duration.ofSeconds(10));
    }

    static String describe(HostInfo host) {
        return host == null ? "unknown" : host.host() + ":" + host.port();
    }

    /** Answers with {@code query} run on the owner of {@code key} in {@code store}. */
    void answer(Context ctx, String store, String key, Function<AuditQueries, Object> query) {
        KafkaStreams running = running();
        KeyQueryMetadata owner = owner(running, store, key);
        HostInfo me = self.get();
        if (owner.activeHost().equals(me)) {
            Object body = readLocally(running, owner.partition(), query);
            ctx.header(Forwarder.SERVED_BY, describe(me));
            ctx.json(body);
        } else if (ctx.header(Forwarder.FORWARDED_BY) != null) {
            // The sender thought this instance owned the key: ownership is moving; let the client come back.
            throw notReady("the data is moving between audit instances");
        } else {
            forwarder.forward(ctx, owner.activeHost());
        }
    }

    private KafkaStreams running() {
        KafkaStreams current = streams.get();
        if (current == null || current.state() != KafkaStreams.State.RUNNING) {
            String state = current == null ? "STARTING" : current.state().name();
            throw notReady("the audit views are not ready (state " + state + "): restoring or rebalancing");
        }
        return current;
    }

    private static KeyQueryMetadata owner(KafkaStreams running, String store, String key) {
        KeyQueryMetadata owner;
        try {
            owner = running.queryMetadataForKey(store, key, KEYS);
        } catch (IllegalStateException | StreamsNotStartedException e) {
            throw notReady("the audit views are being assigned to instances");
        }
        if (owner == null || KeyQueryMetadata.NOT_AVAILABLE.equals(owner) || owner.activeHost() == null) {
            throw notReady("no audit instance owns this data right now: rebalancing");
        }
        return owner;
    }

    private static Object readLocally(KafkaStreams running, int partition, Function<AuditQueries, Object> query) {
        try {
            return query.apply(new AuditQueries(new PartitionStores(running, partition)));
        } catch (InvalidStateStoreException e) {
            throw notReady("the store holding this data is restoring or migrating");
        }
    }

    static ApiException notReady(String why) {
        return ApiException.unavailable("NotReady", why + "; retry after the time in Retry-After", RETRY_AFTER_SECONDS);
    }

    /** The stores of one partition, active only: a standby or restoring copy throws rather than answer stale. */
    private record PartitionStores(KafkaStreams streams, int partition) implements Stores {
        @Override
        public <V> ReadOnlyKeyValueStore<String, V> keyValue(String store) {
            return streams.store(
                    StoreQueryParameters.fromNameAndType(store, QueryableStoreTypes.<String, V>keyValueStore())
                            .withPartition(partition));
        }

        @Override
        public <V> ReadOnlyWindowStore<String, V> window(String store) {
            return streams.store(
                    StoreQueryParameters.fromNameAndType(store, QueryableStoreTypes.<String, V>windowStore())
                            .withPartition(partition));
        }
    }
}
