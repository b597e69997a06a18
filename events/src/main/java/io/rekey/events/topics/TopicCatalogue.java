package io.rekey.events.topics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every topic Rekey uses, with its settings. Replication factor and {@code min.insync.replicas} come from
 * configuration: 1 and 1 on a local single broker, 3 and 2 on a real cluster.
 */
public final class TopicCatalogue {
    public static final String VAULT_JOURNAL = "vault.journal";
    public static final String VAULT_KEY_EVENTS = "vault.key-events";
    public static final String VAULT_KEY_USAGE = "vault.key-usage";
    public static final String STORAGE_ACCOUNT_EVENTS = "storage.account-events";

    private static final Logger log = LoggerFactory.getLogger(TopicCatalogue.class);
    private static final String FOREVER = "-1";
    private static final long THIRTY_DAYS_MS = Duration.ofDays(30).toMillis();

    private final int partitions;
    private final short replicationFactor;
    private final int minInsyncReplicas;

    public TopicCatalogue(int partitions, short replicationFactor, int minInsyncReplicas) {
        if (partitions < 1 || replicationFactor < 1 || minInsyncReplicas < 1 || minInsyncReplicas > replicationFactor) {
            throw new IllegalArgumentException("topic settings need partitions >= 1, replication factor >= 1 and"
                    + " 1 <= min.insync.replicas <= replication factor; got " + partitions + ", " + replicationFactor
                    + ", " + minInsyncReplicas);
        }
        this.partitions = partitions;
        this.replicationFactor = replicationFactor;
        this.minInsyncReplicas = minInsyncReplicas;
    }

    /** One partition set and one replica: what a single local broker can hold. */
    public static TopicCatalogue local() {
        return new TopicCatalogue(3, (short) 1, 1);
    }

    /** The vault's event store: full key state per record, private parts sealed; compacted to the latest state. */
    public TopicSpec vaultJournal() {
        return spec(
                VAULT_JOURNAL,
                Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT),
                "key name");
    }

    /** Public, signed key lifecycle events; kept forever so consumers and auditors can replay them. */
    public TopicSpec vaultKeyEvents() {
        return spec(VAULT_KEY_EVENTS, Map.of(TopicConfig.RETENTION_MS_CONFIG, FOREVER), "key name");
    }

    /** One record per key use or refusal. */
    public TopicSpec vaultKeyUsage() {
        return spec(VAULT_KEY_USAGE, Map.of(TopicConfig.RETENTION_MS_CONFIG, FOREVER), "key name");
    }

    /** The storage service's history of accounts, from which it rebuilds its state. */
    public TopicSpec storageAccountEvents() {
        return spec(STORAGE_ACCOUNT_EVENTS, Map.of(TopicConfig.RETENTION_MS_CONFIG, FOREVER), "account name");
    }

    public List<TopicSpec> primaryTopics() {
        return List.of(vaultJournal(), vaultKeyEvents(), vaultKeyUsage(), storageAccountEvents());
    }

    /** Every primary topic and its dead-letter topic. */
    public List<TopicSpec> allTopics() {
        List<TopicSpec> all = new ArrayList<>();
        for (TopicSpec topic : primaryTopics()) {
            all.add(topic);
            all.add(deadLetterOf(topic));
        }
        return all;
    }

    public TopicSpec deadLetterOf(TopicSpec topic) {
        return spec(
                topic.deadLetterTopic(),
                Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(THIRTY_DAYS_MS)),
                topic.keyDescription());
    }

    public short replicationFactor() {
        return replicationFactor;
    }

    /**
     * Creates every topic that does not exist yet; existing ones are left as they are. Safe to call on every start.
     *
     * @throws TopicSetupException when the cluster cannot create them in time
     */
    public void createAll(Admin admin, Duration timeout) {
        createAll(admin, allTopics(), timeout);
    }

    public void createAll(Admin admin, List<TopicSpec> topics, Duration timeout) {
        List<NewTopic> requests = topics.stream().map(this::newTopic).toList();
        CreateTopicsResult result = admin.createTopics(requests);
        List<String> created = new ArrayList<>();
        for (Map.Entry<String, org.apache.kafka.common.KafkaFuture<Void>> entry :
                result.values().entrySet()) {
            if (awaitCreated(entry.getKey(), entry.getValue(), timeout)) {
                created.add(entry.getKey());
            }
        }
        if (!created.isEmpty()) {
            log.info(
                    "Created topics {} with replication factor {} and min.insync.replicas {}",
                    created,
                    replicationFactor,
                    minInsyncReplicas);
        }
    }

    private boolean awaitCreated(String topic, org.apache.kafka.common.KafkaFuture<Void> future, Duration timeout) {
        try {
            future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return false;
            }
            throw new TopicSetupException(
                    "could not create topic " + topic + ": " + e.getCause().getMessage()
                            + "; check that the brokers are reachable and allow topic creation",
                    e.getCause());
        } catch (TimeoutException e) {
            throw new TopicSetupException(
                    "creating topic " + topic + " took longer than " + timeout
                            + "; check that the Kafka brokers are reachable",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TopicSetupException("interrupted while creating topic " + topic, e);
        }
    }

    private NewTopic newTopic(TopicSpec spec) {
        Map<String, String> settings = new HashMap<>(spec.settings());
        settings.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(minInsyncReplicas));
        return new NewTopic(spec.name(), spec.partitions(), replicationFactor).configs(settings);
    }

    private TopicSpec spec(String name, Map<String, String> settings, String keyDescription) {
        return new TopicSpec(name, partitions, settings, keyDescription);
    }

    /** The names of the topics a consumer of key events needs. */
    public static Set<String> keyEventTopics() {
        return Set.of(VAULT_KEY_EVENTS);
    }
}
