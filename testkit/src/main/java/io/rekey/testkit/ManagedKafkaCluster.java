package io.rekey.testkit;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;

/** A cluster this kit started or connected to, and therefore closes. */
abstract class ManagedKafkaCluster implements KafkaCluster, AutoCloseable {

    private Admin admin;

    @Override
    public synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(clientProperties());
        }
        return admin;
    }

    @Override
    public Map<String, Object> clientProperties() {
        Map<String, Object> properties = new HashMap<>();
        properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return properties;
    }

    @Override
    public boolean canStopBrokers() {
        return false;
    }

    @Override
    public void stopBroker(int brokerId) {
        throw brokerControlUnsupported();
    }

    @Override
    public void startBroker(int brokerId) {
        throw brokerControlUnsupported();
    }

    /** Closes the admin client, then whatever the subclass runs. */
    @Override
    public final void close() {
        synchronized (this) {
            if (admin != null) {
                admin.close();
                admin = null;
            }
        }
        shutDown();
    }

    abstract void shutDown();

    /** Says where this cluster came from, for log lines and error messages. */
    abstract String description();

    private UnsupportedOperationException brokerControlUnsupported() {
        return new UnsupportedOperationException("Stopping and starting brokers needs the in-JVM cluster, but this run"
                + " uses " + description()
                + ". Check canStopBrokers() first, or run without -Drekey.kafka.bootstrap and"
                + " -Drekey.kafka=testcontainers.");
    }
}
