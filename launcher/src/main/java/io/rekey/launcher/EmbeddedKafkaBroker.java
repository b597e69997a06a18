package io.rekey.launcher;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka (KRaft broker and controller in one) running in this JVM, listening on 127.0.0.1 only,
 * with its data in a directory that survives restarts: starting it again on the same directory resumes where it
 * stopped.
 *
 * <p>The directory holds {@code server.properties}, rewritten on every start, and the partitions and metadata log
 * under {@code kafka-logs}. The storage is formatted only on the first start. Ports chosen on the first start are
 * kept: the controller's must not change, and keeping the client port keeps the bootstrap address stable.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

    private static final String HOST = "127.0.0.1";
    private static final String CONFIG_FILE = "server.properties";
    private static final String LOG_DIRECTORY = "kafka-logs";
    private static final Pattern LISTENER_PORT = Pattern.compile("(PLAINTEXT|CONTROLLER)://[^,:]+:(\\d+)");

    private final Path directory;
    private final int port;
    private final KafkaRaftServer server;
    private boolean closed;

    private EmbeddedKafkaBroker(Path directory, int port, KafkaRaftServer server) {
        this.directory = directory;
        this.port = port;
        this.server = server;
    }

    /** Starts on the port of the last start in this directory, or on a free port the first time. */
    public static EmbeddedKafkaBroker start(Path directory) {
        return start(directory, 0);
    }

    /**
     * Starts the broker with its data under {@code directory}, creating and formatting it on the first start.
     *
     * @param port the client port on 127.0.0.1; 0 keeps the last start's port, or picks a free one the first time
     * @throws IllegalStateException if the broker cannot start; the message says why and what to do
     */
    public static EmbeddedKafkaBroker start(Path directory, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("A port is between 0 and 65535, got " + port);
        }
        Path absolute = directory.toAbsolutePath().normalize();
        long started = System.nanoTime();
        try {
            Files.createDirectories(absolute);
            Ports previous = previousPorts(absolute);
            int clientPort = port != 0 ? port : previous.client() != 0 ? previous.client() : freePort();
            int controllerPort = previous.controller() != 0 ? previous.controller() : freePort(clientPort);
            Properties config = serverConfig(absolute, clientPort, controllerPort);
            Path configFile = writeConfig(absolute, config);

            if (!Files.exists(absolute.resolve(LOG_DIRECTORY).resolve("meta.properties"))) {
                format(configFile);
                LOG.info("Formatted new Kafka storage in {}", absolute.resolve(LOG_DIRECTORY));
            }
            KafkaRaftServer server = startServer(absolute, config);
            EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(absolute, clientPort, server);
            LOG.info(
                    "Kafka broker is up at {} with its data in {} (started in {} ms)",
                    broker.bootstrapServers(),
                    absolute,
                    (System.nanoTime() - started) / 1_000_000);
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not prepare the Kafka data directory " + absolute, e);
        }
    }

    /** The {@code bootstrap.servers} value for clients. */
    public String bootstrapServers() {
        return HOST + ":" + port;
    }

    /** The client port on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** Where the broker keeps its configuration, partitions and metadata log. */
    public Path directory() {
        return directory;
    }

    /** Shuts the broker down cleanly, so that the next start on the same directory needs no log recovery. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.shutdown();
        server.awaitShutdown();
        LOG.info("Kafka broker at {} stopped; its data stays in {}", bootstrapServers(), directory);
    }

    private static KafkaRaftServer startServer(Path directory, Properties config) {
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(config, false), Time.SYSTEM);
        try {
            server.startup();
            return server;
        } catch (RuntimeException e) {
            try {
                server.shutdown();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new IllegalStateException(
                    "The Kafka broker in " + directory + " did not start on "
                            + config.getProperty("listeners") + ". If another process holds one of these ports or this"
                            + " directory, stop it and start again.",
                    e);
        }
    }

    /** The broker's settings: one combined node on loopback, sized for a laptop, tuned as DESIGN.md says. */
    private static Properties serverConfig(Path directory, int clientPort, int controllerPort) {
        String client = "PLAINTEXT://" + HOST + ":" + clientPort;
        String controller = "CONTROLLER://" + HOST + ":" + controllerPort;
        Properties config = new Properties();
        config.setProperty("process.roles", "broker,controller");
        config.setProperty("node.id", "1");
        config.setProperty("listeners", client + "," + controller);
        config.setProperty("advertised.listeners", client + "," + controller);
        config.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        config.setProperty("inter.broker.listener.name", "PLAINTEXT");
        config.setProperty("controller.listener.names", "CONTROLLER");
        config.setProperty("controller.quorum.bootstrap.servers", HOST + ":" + controllerPort);
        config.setProperty("log.dirs", directory.resolve(LOG_DIRECTORY).toString());

        // One node: every internal topic has one replica.
        config.setProperty("offsets.topic.replication.factor", "1");
        config.setProperty("transaction.state.log.replication.factor", "1");
        config.setProperty("transaction.state.log.min.isr", "1");
        config.setProperty("share.coordinator.state.topic.replication.factor", "1");
        config.setProperty("share.coordinator.state.topic.min.isr", "1");

        config.setProperty("group.initial.rebalance.delay.ms", "0");
        // A transaction that starts while the last one's markers are being written waits this long (default 20 ms).
        config.setProperty("add.partitions.to.txn.retry.backoff.ms", "1");
        // The default takes 128 MiB of heap for the log cleaner.
        config.setProperty("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
        return config;
    }

    private static Path writeConfig(Path directory, Properties config) throws IOException {
        Path file = directory.resolve(CONFIG_FILE);
        try (OutputStream out = Files.newOutputStream(file)) {
            config.store(out, "Written by Rekey's launcher on every start; edits here are overwritten");
        }
        return file;
    }

    private static void format(Path configFile) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int status;
        try (PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            String[] arguments = {
                "format",
                "--config",
                configFile.toString(),
                "--cluster-id",
                Uuid.randomUuid().toString(),
                "--standalone"
            };
            status = StorageTool.execute(arguments, print);
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "Formatting Kafka storage with " + configFile + " failed: "
                            + output.toString(StandardCharsets.UTF_8).trim(),
                    e);
        }
        String printed = output.toString(StandardCharsets.UTF_8).trim();
        if (status != 0) {
            throw new IllegalStateException(
                    "Formatting Kafka storage with " + configFile + " failed (status " + status + "): " + printed);
        }
        LOG.debug("kafka-storage format: {}", printed);
    }

    /** The ports written by an earlier start in this directory; zeros if there was none. */
    private static Ports previousPorts(Path directory) throws IOException {
        Path file = directory.resolve(CONFIG_FILE);
        if (!Files.exists(file)) {
            return new Ports(0, 0);
        }
        Properties config = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            config.load(in);
        }
        int client = 0;
        int controller = 0;
        Matcher matcher = LISTENER_PORT.matcher(config.getProperty("listeners", ""));
        while (matcher.find()) {
            int found = Integer.parseInt(matcher.group(2));
            if (matcher.group(1).equals("PLAINTEXT")) {
                client = found;
            } else {
                controller = found;
            }
        }
        return new Ports(client, controller);
    }

    private static int freePort(int... taken) throws IOException {
        while (true) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
                int port = socket.getLocalPort();
                if (Arrays.stream(taken).noneMatch(t -> t == port)) {
                    return port;
                }
            }
        }
    }

    private record Ports(int client, int controller) {}
}
