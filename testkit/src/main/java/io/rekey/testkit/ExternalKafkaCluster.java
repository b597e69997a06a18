package io.rekey.testkit;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A cluster someone else runs, named by {@code -Drekey.kafka.bootstrap}; closing it only closes our clients. */
final class ExternalKafkaCluster extends ManagedKafkaCluster {

    private static final Logger LOG = LoggerFactory.getLogger(ExternalKafkaCluster.class);

    private final String bootstrapServers;

    private ExternalKafkaCluster(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    static ExternalKafkaCluster connect(String bootstrapServers) {
        LOG.info("Using the external Kafka cluster at {} (rekey.kafka.bootstrap)", bootstrapServers);
        return new ExternalKafkaCluster(bootstrapServers);
    }

    @Override
    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public int brokerCount() {
        try {
            return admin().describeCluster().nodes().get(30, TimeUnit.SECONDS).size();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not list the brokers of " + description(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while listing the brokers of " + description(), e);
        }
    }

    @Override
    void shutDown() {
        // The cluster is not ours to stop.
    }

    @Override
    String description() {
        return "the external cluster at " + bootstrapServers + " (rekey.kafka.bootstrap)";
    }
}
