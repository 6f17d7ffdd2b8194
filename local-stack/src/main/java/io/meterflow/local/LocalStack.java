package io.meterflow.local;

import io.meterflow.kafka.embedded.EmbeddedConnectWorker;
import io.meterflow.api.QueryApi;
import io.meterflow.api.QueryApiConfig;
import io.meterflow.api.http.ApiKey;
import io.meterflow.kafka.embedded.EmbeddedKafkaBroker;
import io.meterflow.streams.StreamsApp;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The whole pipeline in one JVM. Components start in dependency order and {@link #close()} stops them in
 * reverse: whatever consumes Kafka first, then Connect, then the broker, so nothing is cut off mid-write.
 */
public final class LocalStack implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);

    private final LocalStackOptions options;
    private final Deque<Component> started = new ArrayDeque<>();
    private EmbeddedKafkaBroker broker;
    private EmbeddedConnectWorker connect;
    private List<String> connectors = List.of();
    private QueryApi api;
    private LocalApiKey apiKey;
    private StreamsApp streams;

    private LocalStack(LocalStackOptions options) {
        this.options = options;
    }

    public static LocalStack start(LocalStackOptions options) {
        final LocalStack stack = new LocalStack(options);
        try {
            stack.startAll();
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private void startAll() {
        if (options.fresh()) {
            deleteDataKeepingLogs(options.dataDir());
        }
        broker = EmbeddedKafkaBroker.builder()
                .dataDir(options.kafkaDir())
                .port(options.kafkaPort())
                .brokerProperty("log.retention.hours", "48")
                .start();
        started.push(new Component("Kafka broker", broker));
        TopicProvisioner.ensureTopics(broker.bootstrapServers(), ConnectorRegistrar.deadLetterTopics(options));
        LocalDatabase.prepare(options);
        if (options.simulator()) {
            started.push(new Component("simulated fleet", SimulatorProcess.start(options)));
        }

        final EmbeddedConnectWorker.Builder worker = EmbeddedConnectWorker.builder(broker.bootstrapServers())
                .groupId("meterflow-local")
                .restPort(options.connectPort())
                .workerProperty("config.providers", "file,env")
                .workerProperty("config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider")
                .workerProperty("config.providers.env.class", "org.apache.kafka.common.config.provider.EnvVarConfigProvider");
        PluginDirectories.find(options.home()).forEach(worker::pluginPath);
        connect = worker.start();
        started.push(new Component("Connect worker", connect));
        connectors = ConnectorRegistrar.registerAll(connect.rest(), options, broker.bootstrapServers());

        streams = LocalStreamsApp.start(options, broker.bootstrapServers());
        started.push(new Component("streams-app", streams));

        // Reads stay open for curl and the browser; writes (alert commands) need the key in .local/api-key.
        apiKey = LocalApiKey.load(options.dataDir());
        api = QueryApi.start(QueryApiConfig.from(Map.of("MF_API_JDBC_URL", options.jdbcUrl(),
                        "MF_API_DB_USER", LocalRoles.API, "MF_API_PORT", String.valueOf(options.apiPort())))
                .withApiKeys(List.of(new ApiKey(LocalApiKey.NAME, apiKey.secret()))).withOpenReads(true)
                .withCommands(broker.bootstrapServers(), Duration.ofSeconds(5)));
        started.push(new Component("query-api", api));
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    public String connectUrl() {
        return connect.restUrl().toString();
    }

    public int streamsPort() {
        return streams.httpPort();
    }

    public String apiUrl() {
        return "http://localhost:" + api.port();
    }

    /** The file holding the API key for writes. */
    public Path apiKeyFile() {
        return apiKey.file();
    }

    public List<String> connectors() {
        return connectors;
    }

    /** Lines that tell the user where everything is. */
    public List<String> banner() {
        final List<String> lines = new java.util.ArrayList<>(List.of(
                "Kafka bootstrap   " + broker.bootstrapServers() + "   (data: " + options.kafkaDir() + ")",
                "Kafka Connect     " + connectUrl() + "   (connectors: " + (connectors.isEmpty() ? "none" : String.join(", ", connectors)) + ")",
                "streams-app       http://localhost:" + streams.httpPort() + "   (/health, /ready, /metrics; state " + streams.state() + ")",
                "Query API         " + apiUrl() + "   (/api/v1/meters, /api/v1/alerts, /api/v1/fleet/summary, /ready, /metrics)",
                apiKey.created()
                        ? "API key (writes)  " + apiKey.secret() + "   (new; stored in " + apiKey.file()
                                + ", reused on every start)"
                        : "API key (writes)  in " + apiKey.file() + "   (X-API-Key: $(cat " + apiKey.file() + "))",
                "PostgreSQL        " + options.jdbcUrl() + "   (read model and meter inventory)",
                "Simulated fleet   " + (options.simulator() ? options.scenario() + " (MQTT via " + options.mqttBroker() + ")" : "off"),
                "Logs              " + options.logDir().resolve("meterflow.log")));
        final String jmxPort = System.getProperty("meterflow.jmxPort");
        if (jmxPort != null) {
            lines.add("Connect metrics   http://localhost:" + jmxPort + "/metrics   (Prometheus JMX exporter)");
        }
        return lines;
    }

    @Override
    public void close() {
        while (!started.isEmpty()) {
            final Component component = started.pop();
            final long begin = System.nanoTime();
            try {
                component.stopper().close();
                LOG.info("Stopped {} in {} ms", component.name(), (System.nanoTime() - begin) / 1_000_000);
            } catch (Exception e) {
                LOG.warn("Stopping {} failed: {}", component.name(), e.toString());
            }
        }
    }

    /**
     * Empties the data directory for {@code --fresh}, except the log directory (the launcher has already opened the
     * log file there, and deleting it would leave this run without a log a user can read) and the API key (scripts
     * use it).
     */
    private static void deleteDataKeepingLogs(Path dir) {
        final String logDir = System.getProperty("meterflow.logDir");
        final Path logs = logDir == null ? null : Path.of(logDir).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path entry : entries.toList()) {
                final boolean keep = logs != null && logs.startsWith(entry.toAbsolutePath().normalize())
                        || entry.getFileName().toString().equals(LocalApiKey.FILE);
                if (!keep) {
                    Utils.delete(entry.toFile());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot empty " + dir, e);
        }
    }

    private record Component(String name, AutoCloseable stopper) {
    }
}
