package io.rekey.testkit;

import java.util.Map;
import org.apache.kafka.clients.admin.Admin;

/**
 * A real Kafka cluster for a test: the in-JVM KRaft kit by default, a Testcontainers broker with
 * {@code -Drekey.kafka=testcontainers} where Docker answers, or the cluster named by
 * {@code -Drekey.kafka.bootstrap=host:port}.
 *
 * <p>Get one through {@link KafkaClusterExtension}.
 */
public interface KafkaCluster {

    /** The {@code bootstrap.servers} value for clients of this cluster. */
    String bootstrapServers();

    /** An admin client owned by the cluster and closed with it: use it, do not close it. */
    Admin admin();

    /** A new, mutable map holding what any client needs to reach the cluster; add client settings to it. */
    Map<String, Object> clientProperties();

    /** How many brokers the cluster has, counting stopped ones. */
    int brokerCount();

    /** Whether {@link #stopBroker} and {@link #startBroker} work here: only on the in-JVM cluster. */
    boolean canStopBrokers();

    /**
     * Shuts one broker down in a controlled way and waits until it has stopped.
     *
     * @throws UnsupportedOperationException unless {@link #canStopBrokers()}
     */
    void stopBroker(int brokerId);

    /**
     * Starts a broker stopped by {@link #stopBroker} again and waits until the cluster lists it.
     *
     * @throws UnsupportedOperationException unless {@link #canStopBrokers()}
     */
    void startBroker(int brokerId);

    /** A topic name no other test uses: the prefix, a sequence number and a random part. */
    default String uniqueTopic(String prefix) {
        return UniqueNames.next(prefix);
    }

    /** A consumer group id no other test uses. */
    default String uniqueGroup(String prefix) {
        return UniqueNames.next(prefix);
    }
}
