package io.meterflow.kafka.embedded;

import org.apache.kafka.common.utils.internals.Exit;
import org.apache.kafka.connect.cli.ConnectDistributed;
import org.apache.kafka.connect.runtime.Connect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A real Kafka Connect worker in distributed mode, in this JVM. Connector configs, offsets and status live
 * in Kafka topics, so a worker started again with the same group resumes where the last one stopped.
 *
 * <p>Plugins are discovered with {@code plugin.discovery=service_load} from {@code plugin.path} and the class
 * path, as on a production worker that loads MeterFlow's plugin archives.
 */
public final class EmbeddedConnectWorker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedConnectWorker.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final Connect<?> connect;
    private final URI restUrl;

    private EmbeddedConnectWorker(Connect<?> connect, URI restUrl) {
        this.connect = connect;
        this.restUrl = restUrl;
    }

    public static Builder builder(String bootstrapServers) {
        return new Builder(bootstrapServers);
    }

    /** Base URL of the worker's REST API, e.g. {@code http://127.0.0.1:8083}. */
    public URI restUrl() {
        return restUrl;
    }

    public ConnectRestClient rest() {
        return new ConnectRestClient(restUrl);
    }

    @Override
    public void close() {
        LOG.info("Stopping Connect worker at {}", restUrl);
        connect.stop();
        connect.awaitStop();
    }

    public static final class Builder {
        private final String bootstrapServers;
        private String groupId = "meterflow-connect";
        private final String host = "127.0.0.1";
        private int port;
        private final List<Path> pluginPath = new ArrayList<>();
        private final Map<String, String> overrides = new HashMap<>();

        private Builder(String bootstrapServers) {
            this.bootstrapServers = bootstrapServers;
        }

        /** The Connect cluster: workers with one group id share connectors; its internal topics are named after it. */
        public Builder groupId(String groupId) {
            this.groupId = groupId;
            return this;
        }

        /** The REST port; 0 (the default) takes a free port. */
        public Builder restPort(int port) {
            this.port = port;
            return this;
        }

        /** A directory of plugin directories or archives, as a worker's {@code plugin.path}. */
        public Builder pluginPath(Path path) {
            pluginPath.add(path.toAbsolutePath());
            return this;
        }

        /** Any worker setting, e.g. {@code exactly.once.source.support=enabled}. */
        public Builder workerProperty(String key, String value) {
            overrides.put(key, value);
            return this;
        }

        public Map<String, String> workerProperties() {
            final int restPort = port == 0 ? FreePorts.on(host) : port;
            final Map<String, String> p = new HashMap<>();
            p.put("bootstrap.servers", bootstrapServers);
            p.put("group.id", groupId);
            p.put("listeners", "http://" + host + ":" + restPort);
            p.put("rest.advertised.host.name", host);
            p.put("rest.advertised.port", String.valueOf(restPort));
            p.put("config.storage.topic", groupId + "-configs");
            p.put("offset.storage.topic", groupId + "-offsets");
            p.put("status.storage.topic", groupId + "-status");
            p.put("config.storage.replication.factor", "1");
            p.put("offset.storage.replication.factor", "1");
            p.put("status.storage.replication.factor", "1");
            p.put("offset.storage.partitions", "5");
            p.put("status.storage.partitions", "1");
            p.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
            p.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
            p.put("value.converter.schemas.enable", "false");
            p.put("offset.flush.interval.ms", "1000");
            p.put("scheduled.rebalance.max.delay.ms", "5000");
            p.put("plugin.discovery", "service_load");
            if (!pluginPath.isEmpty()) {
                p.put("plugin.path", pluginPath.stream().map(Path::toString).collect(Collectors.joining(",")));
            }
            p.putAll(overrides);
            return p;
        }

        public EmbeddedConnectWorker start() {
            return start(workerProperties());
        }

        static EmbeddedConnectWorker start(Map<String, String> props) {
            // Connect registers its own shutdown hook and may exit the JVM; whoever embeds it decides the stop order.
            Exit.setShutdownHookAdder((name, hook) -> { });
            final Connect<?> connect = new ConnectDistributed().startConnect(props);
            final URI url = URI.create(props.get("listeners").split(",")[0].trim());
            final EmbeddedConnectWorker worker = new EmbeddedConnectWorker(connect, url);
            try {
                worker.rest().awaitHealthy(READY_TIMEOUT);
            } catch (RuntimeException e) {
                worker.close();
                throw e;
            }
            LOG.info("Connect worker ready at {} (group {})", url, props.get("group.id"));
            return worker;
        }
    }
}
