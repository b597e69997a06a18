package io.rekey.testkit;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import kafka.server.BrokerServer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Real KRaft brokers and a controller running in the test JVM, with their data in a temporary directory. */
final class InJvmKafkaCluster extends ManagedKafkaCluster {

    private static final Logger LOG = LoggerFactory.getLogger(InJvmKafkaCluster.class);
    private static final Duration BROKER_WAIT = Duration.ofSeconds(60);

    private final KafkaClusterTestKit kit;
    private final int brokerCount;
    private final Set<Integer> stopped = ConcurrentHashMap.newKeySet();
    private volatile String bootstrapServers;

    private InJvmKafkaCluster(KafkaClusterTestKit kit, int brokerCount) {
        this.kit = kit;
        this.brokerCount = brokerCount;
        this.bootstrapServers = kit.bootstrapServers();
    }

    static InJvmKafkaCluster start(int brokers) {
        long started = System.nanoTime();
        KafkaClusterTestKit kit = null;
        try {
            // One node can be broker and controller at once; several combined nodes lose their quorum after start,
            // so a larger cluster gets a controller of its own.
            TestKitNodes nodes = new TestKitNodes.Builder()
                    .setBootstrapMetadataVersion(MetadataVersion.latestProduction())
                    .setCombined(brokers == 1)
                    .setNumControllerNodes(1)
                    .setNumBrokerNodes(brokers)
                    .build();
            KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes);
            brokerConfig(brokers).forEach(builder::setConfigProp);
            kit = builder.build();
            kit.format();
            kit.startup();
            kit.waitForReadyBrokers();
        } catch (Exception e) {
            closeQuietly(kit);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("The in-JVM Kafka cluster with " + brokers + " broker(s) did not start", e);
        }
        InJvmKafkaCluster cluster = new InJvmKafkaCluster(kit, brokers);
        LOG.info(
                "Started an in-JVM Kafka cluster of {} broker(s) at {} in {} ms",
                brokers,
                cluster.bootstrapServers,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return cluster;
    }

    /** Settings that make a small cluster work and keep its latency low; see DESIGN.md. */
    static Map<String, String> brokerConfig(int brokers) {
        Map<String, String> config = new LinkedHashMap<>();
        if (brokers == 1) {
            config.put("offsets.topic.replication.factor", "1");
            config.put("transaction.state.log.replication.factor", "1");
            config.put("transaction.state.log.min.isr", "1");
            config.put("share.coordinator.state.topic.replication.factor", "1");
            config.put("share.coordinator.state.topic.min.isr", "1");
        }
        config.put("group.initial.rebalance.delay.ms", "0");
        // A transaction that starts while the last one's markers are being written waits this long (default 20 ms).
        config.put("add.partitions.to.txn.retry.backoff.ms", "1");
        config.put("log.cleaner.dedupe.buffer.size", String.valueOf(2 * 1024 * 1024));
        return config;
    }

    @Override
    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public int brokerCount() {
        return brokerCount;
    }

    @Override
    public boolean canStopBrokers() {
        return true;
    }

    @Override
    public void stopBroker(int brokerId) {
        BrokerServer broker = broker(brokerId);
        if (!stopped.add(brokerId)) {
            throw new IllegalStateException("Broker " + brokerId + " is already stopped");
        }
        broker.shutdown();
        broker.awaitShutdown();
        LOG.info("Stopped broker {}", brokerId);
    }

    @Override
    public void startBroker(int brokerId) {
        BrokerServer broker = broker(brokerId);
        if (!stopped.contains(brokerId)) {
            throw new IllegalStateException("Broker " + brokerId + " is running; stop it with stopBroker first");
        }
        broker.startup();
        stopped.remove(brokerId);
        awaitListed(brokerId);
        if (stopped.isEmpty()) {
            bootstrapServers = kit.bootstrapServers();
        }
        LOG.info("Started broker {} again; the cluster lists it", brokerId);
    }

    @Override
    void shutDown() {
        closeQuietly(kit);
        LOG.info("Closed the in-JVM Kafka cluster at {}", bootstrapServers);
    }

    @Override
    String description() {
        return "the in-JVM cluster at " + bootstrapServers;
    }

    private BrokerServer broker(int brokerId) {
        BrokerServer broker = kit.brokers().get(brokerId);
        if (broker == null) {
            throw new IllegalArgumentException("No broker " + brokerId + " in this cluster; its brokers are "
                    + kit.brokers().keySet());
        }
        return broker;
    }

    private void awaitListed(int brokerId) {
        long deadline = System.nanoTime() + BROKER_WAIT.toNanos();
        while (true) {
            if (listedBrokers().contains(brokerId)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "Broker " + brokerId + " started but the cluster did not list it within " + BROKER_WAIT);
            }
            sleep(Duration.ofMillis(100));
        }
    }

    private Set<Integer> listedBrokers() {
        try {
            Collection<Node> nodes = admin().describeCluster().nodes().get(10, TimeUnit.SECONDS);
            return nodes.stream().map(Node::id).collect(Collectors.toSet());
        } catch (ExecutionException | TimeoutException e) {
            return Set.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for a broker to rejoin", e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for a broker to rejoin", e);
        }
    }

    private static void closeQuietly(KafkaClusterTestKit kit) {
        if (kit == null) {
            return;
        }
        try {
            kit.close();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.warn("The in-JVM Kafka cluster did not close cleanly; its temporary files may remain", e);
        }
    }
}
