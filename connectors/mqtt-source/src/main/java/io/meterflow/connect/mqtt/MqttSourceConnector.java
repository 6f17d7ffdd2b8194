package io.meterflow.connect.mqtt;

import io.meterflow.connect.mqtt.config.MqttSourceConfig;
import io.meterflow.connect.mqtt.config.MqttSourceTaskConfig;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * MQTT source: meter telemetry from an MQTT broker into meter-readings, at least once. The connector keeps a fixed
 * number ({@code mqtt.sessions}) of persistent MQTT sessions with stable client ids {@code <prefix>-<n>}, all in one
 * shared subscription group, and spreads them over its tasks. A persistent session's queued messages go to that
 * session only, so the set of sessions must not depend on tasks.max: changing tasks.max only moves whole sessions
 * between tasks, and every session keeps an owner.
 */
public class MqttSourceConnector extends SourceConnector {

    /** The converter the records need: values are ready-made JSON (readings) or raw payload bytes (DLQ). */
    public static final String VALUE_CONVERTER = "org.apache.kafka.connect.converters.ByteArrayConverter";
    static final String VALUE_CONVERTER_CONFIG = "value.converter";
    static final String TASKS_MAX_CONFIG = "tasks.max";

    private Map<String, String> props;
    private MqttSourceConfig config;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        this.props = Map.copyOf(props);
        this.config = new MqttSourceConfig(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return MqttSourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        // validate() rejects tasks.max above mqtt.sessions; a task without a session would idle, so never make one.
        final int tasks = Math.min(maxTasks, config.sessions());
        final int total = config.ownedSessions();
        final List<Map<String, String>> configs = new ArrayList<>(tasks);
        for (int task = 0; task < tasks; task++) {
            final int owner = task;
            final List<Integer> sessions = IntStream.range(0, total).filter(s -> s % tasks == owner).boxed().toList();
            configs.add(MqttSourceTaskConfig.forTask(props, connectorName(props), sessions));
        }
        return configs;
    }

    private static String connectorName(Map<String, String> props) {
        return Optional.ofNullable(props.get("name")).filter(n -> !n.isBlank()).orElse("meterflow-mqtt-source");
    }

    @Override
    public void stop() {
        // Tasks own the MQTT sessions; nothing to release here.
    }

    @Override
    public ConfigDef config() {
        return MqttSourceConfig.CONFIG_DEF;
    }

    /** Per-setting checks plus the rules across settings, so Connect's /validate shows them next to the setting. */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        final Config result = super.validate(connectorConfigs);
        final Map<String, ConfigValue> byName = new HashMap<>();
        result.configValues().forEach(v -> byName.put(v.name(), v));
        if (byName.values().stream().allMatch(v -> v.errorMessages().isEmpty())) {
            try {
                checkTasksAgainstSessions(connectorConfigs, new MqttSourceConfig(connectorConfigs));
            } catch (ConfigException e) {
                final String setting = settingNamed(e.getMessage(), byName);
                byName.get(setting).addErrorMessage(e.getMessage());
            }
        }
        final String converter = connectorConfigs.get(VALUE_CONVERTER_CONFIG);
        if (!VALUE_CONVERTER.equals(converter == null ? null : converter.trim())) {
            // Connect merges this entry with its own value.converter check, which expects the value as a Class.
            final ConfigValue value = new ConfigValue(VALUE_CONVERTER_CONFIG, converterClass(converter), List.of(),
                    new ArrayList<>());
            value.addErrorMessage(VALUE_CONVERTER_CONFIG + " must be " + VALUE_CONVERTER + ": the connector writes "
                    + "readings as ready-made JSON and DLQ records as the raw payload bytes");
            return withExtra(result, value);
        }
        return result;
    }

    /** Reported on mqtt.sessions, the connector's own setting; tasks.max belongs to Connect. */
    private static void checkTasksAgainstSessions(Map<String, String> connectorConfigs, MqttSourceConfig config) {
        final String tasksMax = connectorConfigs.getOrDefault(TASKS_MAX_CONFIG, "1").trim();
        final int tasks;
        try {
            tasks = Integer.parseInt(tasksMax);
        } catch (NumberFormatException e) {
            return; // Connect reports a tasks.max that is not a number itself.
        }
        if (tasks > config.sessions()) {
            throw new ConfigException(MqttSourceConfig.SESSIONS_CONFIG, config.sessions(), "tasks.max is " + tasks
                    + " but the connector has only " + config.sessions() + " MQTT sessions, and a task needs at least "
                    + "one: lower tasks.max to " + config.sessions() + " or less, or raise "
                    + MqttSourceConfig.SESSIONS_CONFIG + " to " + tasks + " or more (raising it is safe, lowering it "
                    + "later needs the removed sessions drained first, see docs/mqtt.md)");
        }
    }

    private static Class<?> converterClass(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        try {
            return Class.forName(name.trim(), false, MqttSourceConnector.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    /** ConfigException says "Invalid value v for configuration NAME: reason"; fall back to the broker URIs. */
    private static String settingNamed(String message, Map<String, ConfigValue> byName) {
        final String marker = "for configuration ";
        final int at = message.indexOf(marker);
        if (at >= 0) {
            final int end = message.indexOf(':', at);
            final String name = message.substring(at + marker.length(), end < 0 ? message.length() : end).trim();
            if (byName.containsKey(name)) {
                return name;
            }
        }
        return MqttSourceConfig.SERVER_URIS_CONFIG;
    }

    private static Config withExtra(Config config, ConfigValue extra) {
        final List<ConfigValue> values = new ArrayList<>(config.configValues());
        values.add(extra);
        return new Config(values);
    }

    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        // Redelivery after a crash is the broker's; duplicates are possible by design.
        return ExactlyOnceSupport.UNSUPPORTED;
    }
}
