package io.meterflow.connect.mqtt.support;

import io.meterflow.connect.mqtt.MqttSourceConnector;
import io.meterflow.connect.mqtt.config.MqttSourceConfig;
import io.meterflow.kafka.embedded.EmbeddedConnectWorker;
import io.meterflow.testing.connect.ConnectWorkerProcess;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** A Connect worker process that loads the packaged plugin from target/plugin, and connector configs for it. */
public final class ConnectorFixture {

    /** Where the build puts the plugin directory (failsafe runs in the module directory). */
    public static final Path PLUGIN_PATH = Path.of("target", "plugin").toAbsolutePath();

    private ConnectorFixture() {
    }

    public static EmbeddedConnectWorker.Builder worker(String bootstrapServers, String group) {
        return EmbeddedConnectWorker.builder(bootstrapServers).groupId(group).pluginPath(PLUGIN_PATH)
                .workerProperty("offset.flush.interval.ms", "500");
    }

    /**
     * Starts the worker in a child JVM whose class path lacks this module's main classes: the plugin is the only
     * copy of the connector. The test classes stay, for logback-test.xml.
     */
    public static ConnectWorkerProcess startWorker(EmbeddedConnectWorker.Builder worker, Path log) {
        return ConnectWorkerProcess.start(worker,
                entry -> entry.replace('\\', '/').endsWith("mqtt-source/target/classes"), log);
    }

    /** The connector settings every test needs, plus {@code extra}. */
    public static Map<String, String> config(String brokerUri, String readingsTopic, String dlqTopic, int tasks,
                                             Map<String, String> extra) {
        final Map<String, String> config = new HashMap<>();
        config.put("connector.class", MqttSourceConnector.class.getName());
        config.put("tasks.max", String.valueOf(tasks));
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("value.converter", MqttSourceConnector.VALUE_CONVERTER);
        config.put(MqttSourceConfig.SERVER_URIS_CONFIG, brokerUri);
        config.put(MqttSourceConfig.KAFKA_TOPIC_CONFIG, readingsTopic);
        config.put(MqttSourceConfig.DLQ_TOPIC_CONFIG, dlqTopic);
        config.putAll(extra);
        return config;
    }
}
