package io.rekey.testkit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Picks where a test's cluster comes from: a named one, else Docker when asked for and present, else the JVM. */
final class KafkaClusters {

    /** Bootstrap servers of a running cluster to use instead of starting one. */
    static final String BOOTSTRAP_PROPERTY = "rekey.kafka.bootstrap";

    /** {@code testcontainers} asks for a broker in Docker; anything else means the in-JVM cluster. */
    static final String MODE_PROPERTY = "rekey.kafka";

    private static final Logger LOG = LoggerFactory.getLogger(KafkaClusters.class);

    private KafkaClusters() {}

    static ManagedKafkaCluster start(int brokers) {
        if (brokers < 1) {
            throw new IllegalArgumentException("A cluster needs at least one broker, got " + brokers);
        }
        String bootstrap = System.getProperty(BOOTSTRAP_PROPERTY, "").trim();
        if (!bootstrap.isEmpty()) {
            return ExternalKafkaCluster.connect(bootstrap);
        }
        if ("testcontainers"
                .equalsIgnoreCase(System.getProperty(MODE_PROPERTY, "").trim())) {
            if (brokers > 1) {
                LOG.info("Testcontainers runs a single broker; starting {} brokers in the JVM instead", brokers);
            } else if (ContainerKafkaCluster.dockerAvailable()) {
                return ContainerKafkaCluster.start();
            } else {
                LOG.warn("rekey.kafka=testcontainers, but no Docker engine answered; starting the broker in the JVM");
            }
        }
        return InJvmKafkaCluster.start(brokers);
    }
}
