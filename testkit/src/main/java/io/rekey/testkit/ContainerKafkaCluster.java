package io.rekey.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/** One broker in Docker through Testcontainers; chosen only with {@code -Drekey.kafka=testcontainers}. */
final class ContainerKafkaCluster extends ManagedKafkaCluster {

    private static final Logger LOG = LoggerFactory.getLogger(ContainerKafkaCluster.class);

    /** The image to run; by default the apache/kafka image of the Kafka version this project builds against. */
    static final String IMAGE_PROPERTY = "rekey.kafka.image";

    private final KafkaContainer container;

    private ContainerKafkaCluster(KafkaContainer container) {
        this.container = container;
    }

    static boolean dockerAvailable() {
        return DockerClientFactory.instance().isDockerAvailable();
    }

    static ContainerKafkaCluster start() {
        String image = System.getProperty(IMAGE_PROPERTY, defaultImage());
        KafkaContainer container = new KafkaContainer(DockerImageName.parse(image))
                .withEnv("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
                .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR", "1")
                .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
                .withEnv("KAFKA_ADD_PARTITIONS_TO_TXN_RETRY_BACKOFF_MS", "1")
                .withEnv("KAFKA_LOG_CLEANER_DEDUPE_BUFFER_SIZE", String.valueOf(2 * 1024 * 1024));
        container.start();
        LOG.info("Started Kafka in Docker ({}) at {}", image, container.getBootstrapServers());
        return new ContainerKafkaCluster(container);
    }

    private static String defaultImage() {
        try (InputStream in = ContainerKafkaCluster.class.getResourceAsStream("testkit.properties")) {
            if (in == null) {
                throw new IllegalStateException("testkit.properties is missing from the test kit's jar");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("kafka.image");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read testkit.properties from the test kit's jar", e);
        }
    }

    @Override
    public String bootstrapServers() {
        return container.getBootstrapServers();
    }

    @Override
    public int brokerCount() {
        return 1;
    }

    @Override
    void shutDown() {
        container.stop();
    }

    @Override
    String description() {
        return "the Testcontainers broker at " + bootstrapServers();
    }
}
