package io.meterflow.kafka.embedded;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real single-node KRaft broker (combined broker and controller) running in this JVM.
 *
 * <p>Configured for one node: internal topics with replication factor 1, so transactional
 * (exactly_once_v2) applications and consumer groups work. Topics are not auto-created: whoever
 * uses a topic creates it, as in production.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final int NODE_ID = 1;
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final KafkaRaftServer server;
    private final Path dataDir;
    private final boolean deleteOnClose;
    private final String bootstrapServers;

    private EmbeddedKafkaBroker(KafkaRaftServer server, Path dataDir, boolean deleteOnClose, String bootstrapServers) {
        this.server = server;
        this.dataDir = dataDir;
        this.deleteOnClose = deleteOnClose;
        this.bootstrapServers = bootstrapServers;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code host:port} for clients' {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    public Path dataDir() {
        return dataDir;
    }

    @Override
    public void close() {
        LOG.info("Stopping in-process Kafka broker at {}", bootstrapServers);
        server.shutdown();
        server.awaitShutdown();
        if (deleteOnClose) {
            deleteRecursively(dataDir);
        }
    }

    /** Settings for one broker; {@link #start()} formats the data directory when it is new. */
    public static final class Builder {
        private Path dataDir;
        private int port;
        private int controllerPort;
        private String host = "127.0.0.1";
        private final Map<String, String> overrides = new HashMap<>();

        private Builder() {
        }

        /** A persistent data directory, kept on close. Without one, a temporary directory is used and deleted. */
        public Builder dataDir(Path dir) {
            this.dataDir = dir;
            return this;
        }

        /** The client listener port; 0 (the default) takes a free port from the OS. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /**
         * The KRaft controller port; 0 (the default) takes a free port. A broker restarted on its data directory in
         * another process keeps its quorum address when given the same one.
         */
        public Builder controllerPort(int port) {
            this.controllerPort = port;
            return this;
        }

        /** The address the client listener binds to and advertises. */
        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** Any broker setting, overriding the single-node defaults. */
        public Builder brokerProperty(String key, String value) {
            overrides.put(key, value);
            return this;
        }

        public EmbeddedKafkaBroker start() {
            final boolean temporary = dataDir == null;
            final Path dir = temporary ? createTempDir() : createDir(dataDir);
            final int clientPort = port == 0 ? FreePorts.onLoopback() : port;
            final int controllerPort = this.controllerPort == 0 ? FreePorts.onLoopback() : this.controllerPort;
            final Map<String, String> props = brokerProperties(dir, clientPort, controllerPort);
            props.putAll(overrides);
            final KafkaConfig config = new KafkaConfig(props, false);

            formatIfNew(config, dir);
            final KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
            server.startup();
            final String bootstrap = host + ":" + clientPort;
            final EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(server, dir, temporary, bootstrap);
            try {
                awaitReady(bootstrap);
            } catch (RuntimeException e) {
                broker.close();
                throw e;
            }
            LOG.info("In-process Kafka broker ready at {} (data in {})", bootstrap, dir);
            return broker;
        }

        private Map<String, String> brokerProperties(Path dir, int clientPort, int controllerPort) {
            final Map<String, String> p = new HashMap<>();
            p.put("process.roles", "broker,controller");
            p.put("node.id", String.valueOf(NODE_ID));
            p.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
            p.put("controller.listener.names", CONTROLLER_LISTENER);
            p.put("listeners", "PLAINTEXT://" + host + ":" + clientPort + "," + CONTROLLER_LISTENER + "://127.0.0.1:" + controllerPort);
            p.put("advertised.listeners", "PLAINTEXT://" + host + ":" + clientPort);
            p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
            p.put("inter.broker.listener.name", "PLAINTEXT");
            p.put("log.dirs", dir.toString());
            p.put("num.partitions", "1");
            p.put("auto.create.topics.enable", "false");
            // One node: every internal topic must accept replication factor 1, or EOS apps hang in REBALANCING.
            p.put("offsets.topic.replication.factor", "1");
            p.put("offsets.topic.num.partitions", "10");
            p.put("transaction.state.log.replication.factor", "1");
            p.put("transaction.state.log.min.isr", "1");
            p.put("transaction.state.log.num.partitions", "10");
            p.put("share.coordinator.state.topic.replication.factor", "1");
            p.put("share.coordinator.state.topic.min.isr", "1");
            p.put("min.insync.replicas", "1");
            p.put("group.initial.rebalance.delay.ms", "0");
            // The default 128 MiB dedupe buffer OOMs small heaps, and the broker then halts the JVM.
            p.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
            p.put("log.cleaner.threads", "1");
            p.put("num.network.threads", "2");
            p.put("num.io.threads", "4");
            return p;
        }
    }

    private static void formatIfNew(KafkaConfig config, Path dir) {
        if (Files.exists(dir.resolve("meta.properties"))) {
            return;
        }
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            new Formatter()
                    .setPrintStream(print)
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setMetadataLogDirectory(dir.toString())
                    .setHasDynamicQuorum(false)
                    .addDirectory(dir.toString())
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot format Kafka data directory " + dir + ": " + e.getMessage(), e);
        }
        LOG.debug("Formatted {}: {}", dir, out.toString(StandardCharsets.UTF_8).trim());
    }

    private static void awaitReady(String bootstrap) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.describeCluster().nodes().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the broker at " + bootstrap, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Broker at " + bootstrap + " did not become ready within " + READY_TIMEOUT, e);
        }
    }

    private static Path createTempDir() {
        try {
            return Files.createTempDirectory("meterflow-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temporary Kafka data directory", e);
        }
    }

    private static Path createDir(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create Kafka data directory " + dir, e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try {
            Utils.delete(dir.toFile());
        } catch (IOException e) {
            LOG.warn("Could not delete {}: {}", dir, e.getMessage());
        }
    }
}
