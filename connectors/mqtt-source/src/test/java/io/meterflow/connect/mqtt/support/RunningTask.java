package io.meterflow.connect.mqtt.support;

import io.meterflow.connect.mqtt.MqttSourceConnector;
import io.meterflow.connect.mqtt.MqttSourceTask;
import io.meterflow.connect.mqtt.config.MqttSourceConfig;
import io.meterflow.connect.mqtt.config.MqttSourceTaskConfig;
import io.meterflow.testing.connect.StandaloneTaskContext;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.awaitility.Awaitility;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/** A task driven the way a Connect worker drives it (start, poll, commitRecord, stop), with real plugin metrics. */
public final class RunningTask implements AutoCloseable {

    public static final Duration WAIT = Duration.ofSeconds(60);

    private final MqttSourceTask task = new MqttSourceTask();
    private final StandaloneTaskContext context;
    private boolean closed;

    private RunningTask(Map<String, String> config) {
        context = new StandaloneTaskContext(config);
        task.initialize(context);
        task.start(config);
    }

    /** The config the connector gives its only task, for connector settings {@code name} + {@code settings}. */
    public static Map<String, String> taskConfig(String brokerUri, String name, Map<String, String> settings) {
        final Map<String, String> props = new HashMap<>(Map.of("name", name,
                MqttSourceConfig.SERVER_URIS_CONFIG, brokerUri));
        props.putAll(settings);
        final MqttSourceConnector connector = new MqttSourceConnector();
        connector.start(props);
        return connector.taskConfigs(1).get(0);
    }

    public static RunningTask start(Map<String, String> config) {
        return new RunningTask(config);
    }

    /** Starts the task and waits for its sessions: the first connection creates each, earlier messages are not ours. */
    public static RunningTask startConnected(Map<String, String> config) {
        final RunningTask running = start(config);
        final int sessions = new MqttSourceTaskConfig(config).sessionNumbers().size();
        Awaitility.await(sessions + " sessions connected").atMost(WAIT)
                .until(() -> running.metric("connected-sessions") == sessions);
        return running;
    }

    public MqttSourceTask task() {
        return task;
    }

    public double metric(String name) {
        return context.metric(name);
    }

    public List<SourceRecord> pollAtLeast(int count) {
        final List<SourceRecord> records = new ArrayList<>();
        Awaitility.await("at least " + count + " records").atMost(WAIT).until(() -> {
            final List<SourceRecord> batch = task.poll();
            if (batch != null) {
                records.addAll(batch);
            }
            return records.size() >= count;
        });
        return records;
    }

    /** Polls until poll() fails the task, as Connect would see it. */
    public ConnectException pollUntilFailure() {
        final AtomicReference<ConnectException> failure = new AtomicReference<>();
        Awaitility.await("task failure").atMost(WAIT).until(() -> {
            try {
                task.poll();
                return false;
            } catch (ConnectException e) {
                failure.set(e);
                return true;
            }
        });
        return failure.get();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            task.stop();
            context.close();
        }
    }
}
