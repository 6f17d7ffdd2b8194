package io.meterflow.connect.postgres;

import io.meterflow.kafka.embedded.EmbeddedConnectWorker;
import io.meterflow.testing.connect.ConnectWorkerProcess;
import io.meterflow.testing.kafka.KafkaTestCluster;

import java.nio.file.Path;

/** Connect workers for the sink's tests: a child JVM that can load the connector only from the plugin directory. */
public final class SinkWorkers {

    private SinkWorkers() {
    }

    /** @param pluginPath the directory holding {@code meterflow-postgres-sink/} (the module's target/plugin) */
    public static ConnectWorkerProcess start(KafkaTestCluster kafka, String group, Path pluginPath, Path log) {
        return ConnectWorkerProcess.start(EmbeddedConnectWorker.builder(kafka.bootstrapServers())
                        .groupId(group).pluginPath(pluginPath)
                        .workerProperty("connector.client.config.override.policy", "All"),
                // Neither the module's classes nor its test jar: the plugin archive must provide the connector.
                entry -> entry.replace('\\', '/').contains("postgres-sink/target/"), log);
    }
}
