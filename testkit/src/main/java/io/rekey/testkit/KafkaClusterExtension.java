package io.rekey.testkit;

import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test class a real Kafka cluster in one line, and is that cluster:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final KafkaClusterExtension KAFKA = KafkaClusterExtension.shared();
 * ...
 * new KafkaProducer<>(KAFKA.clientProperties(), ...);
 * }</pre>
 *
 * <p>{@link #shared()} is one single-broker cluster for the whole test run, started when the first test needs it and
 * closed when the run ends. {@link #dedicated(int)} is a cluster of its own for the scope the extension is registered
 * in (a static field: the test class), closed when that scope ends. With
 * {@code @ExtendWith(KafkaClusterExtension.class)}
 * the shared cluster is injected into parameters of type {@link KafkaCluster}.
 */
public final class KafkaClusterExtension
        implements KafkaCluster, BeforeAllCallback, BeforeEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(KafkaClusterExtension.class);
    private static final String SHARED_KEY = "shared-single-broker-cluster";

    /** Zero means the shared cluster. */
    private final int dedicatedBrokers;

    private volatile KafkaCluster cluster;

    /** The shared cluster; this constructor is for {@code @ExtendWith}. */
    public KafkaClusterExtension() {
        this(0);
    }

    private KafkaClusterExtension(int dedicatedBrokers) {
        this.dedicatedBrokers = dedicatedBrokers;
    }

    /** The single-broker cluster that every test of the run shares. */
    public static KafkaClusterExtension shared() {
        return new KafkaClusterExtension(0);
    }

    /** A cluster of {@code brokers} brokers for this test class alone; several brokers get a separate controller. */
    public static KafkaClusterExtension dedicated(int brokers) {
        if (brokers < 1) {
            throw new IllegalArgumentException("A cluster needs at least one broker, got " + brokers);
        }
        return new KafkaClusterExtension(brokers);
    }

    /** The cluster behind this extension, once JUnit has started it. */
    public KafkaCluster cluster() {
        KafkaCluster current = cluster;
        if (current == null) {
            throw new IllegalStateException("The Kafka cluster is not started yet. Register the extension with"
                    + " @RegisterExtension on a static field and use it from tests or @BeforeAll/@BeforeEach methods.");
        }
        return current;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        start(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == KafkaCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        start(extensionContext);
        return cluster();
    }

    @Override
    public String bootstrapServers() {
        return cluster().bootstrapServers();
    }

    @Override
    public Admin admin() {
        return cluster().admin();
    }

    @Override
    public Map<String, Object> clientProperties() {
        return cluster().clientProperties();
    }

    @Override
    public int brokerCount() {
        return cluster().brokerCount();
    }

    @Override
    public boolean canStopBrokers() {
        return cluster().canStopBrokers();
    }

    @Override
    public void stopBroker(int brokerId) {
        cluster().stopBroker(brokerId);
    }

    @Override
    public void startBroker(int brokerId) {
        cluster().startBroker(brokerId);
    }

    private synchronized void start(ExtensionContext context) {
        if (cluster != null) {
            return;
        }
        if (dedicatedBrokers == 0) {
            // The root store lives as long as the test run and closes what it holds at the end.
            cluster = context.getRoot()
                    .getStore(NAMESPACE)
                    .computeIfAbsent(SHARED_KEY, key -> KafkaClusters.start(1), ManagedKafkaCluster.class);
        } else {
            DedicatedCluster dedicated = context.getStore(NAMESPACE)
                    .computeIfAbsent(
                            this,
                            key -> new DedicatedCluster(KafkaClusters.start(dedicatedBrokers)),
                            DedicatedCluster.class);
            cluster = dedicated.cluster;
        }
    }

    /** Held in the store of the scope that started it, which closes it when the scope ends. */
    private final class DedicatedCluster implements AutoCloseable {

        private final ManagedKafkaCluster cluster;

        private DedicatedCluster(ManagedKafkaCluster cluster) {
            this.cluster = cluster;
        }

        @Override
        public void close() {
            synchronized (KafkaClusterExtension.this) {
                KafkaClusterExtension.this.cluster = null;
            }
            cluster.close();
        }
    }
}
