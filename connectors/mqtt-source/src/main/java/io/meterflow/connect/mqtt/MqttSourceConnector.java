package io.meterflow.connect.mqtt;

import io.meterflow.connect.mqtt.config.MqttSourceConfig;
import io.meterflow.connect.mqtt.config.MqttSourceTaskConfig;
import io.meterflow.connect.support.config.SettingRules;
import io.meterflow.connect.support.plugin.PluginVersion;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;

import java.util.ArrayList;
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
    static final String TASKS_MAX_CONFIG = "tasks.max";

    private Map<String, String> props;
    private MqttSourceConfig config;

    @Override
    public String version() {
        return PluginVersion.get();
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
        final SettingRules rules = new SettingRules(super.validate(connectorConfigs), connectorConfigs);
        if (!rules.hasErrors()) {
            final MqttSourceConfig config = MqttSourceConfig.withoutCrossSettingRules(connectorConfigs);
            config.crossSettingProblems().forEach(p -> rules.require(false, p.setting(), p.reason()));
            checkTasksAgainstSessions(connectorConfigs, config, rules);
        }
        rules.requireValueConverter(VALUE_CONVERTER, true,
                "the connector writes readings as ready-made JSON and DLQ records as the raw payload bytes");
        return rules.result();
    }

    /** Reported on mqtt.sessions, the connector's own setting; tasks.max belongs to Connect. */
    private static void checkTasksAgainstSessions(Map<String, String> connectorConfigs, MqttSourceConfig config,
                                                  SettingRules rules) {
        final String tasksMax = connectorConfigs.getOrDefault(TASKS_MAX_CONFIG, "1").trim();
        final int tasks;
        try {
            tasks = Integer.parseInt(tasksMax);
        } catch (NumberFormatException e) {
            return; // Connect reports a tasks.max that is not a number itself.
        }
        if (tasks > config.sessions()) {
            rules.report(MqttSourceConfig.SESSIONS_CONFIG, "tasks.max is " + tasks + " but the connector has only "
                    + config.sessions() + " MQTT sessions, and a task needs at least one: lower tasks.max to "
                    + config.sessions() + " or less, or raise " + MqttSourceConfig.SESSIONS_CONFIG + " to " + tasks
                    + " or more (raising it is safe, lowering it later needs the removed sessions drained first, see "
                    + "docs/mqtt.md)");
        }
    }

    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        // Redelivery after a crash is the broker's; duplicates are possible by design.
        return ExactlyOnceSupport.UNSUPPORTED;
    }
}
