package io.meterflow.connect.mqtt.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A task's settings: the connector's plus what the connector assigned to this task. */
public final class MqttSourceTaskConfig extends MqttSourceConfig {

    static final String CONNECTOR_NAME_CONFIG = "mqtt.task.connector.name";
    static final String SESSIONS_CONFIG = "mqtt.task.sessions";
    static final String SESSION_TOTAL_CONFIG = "mqtt.task.session.total";

    private static final ConfigDef TASK_CONFIG_DEF = new ConfigDef(CONFIG_DEF)
            .define(CONNECTOR_NAME_CONFIG, Type.STRING, Importance.HIGH, "Name of the connector (internal).")
            .define(SESSIONS_CONFIG, Type.LIST, Importance.HIGH, "Session numbers this task owns (internal).")
            .define(SESSION_TOTAL_CONFIG, Type.INT, Importance.HIGH, "Sessions of the whole connector (internal).");

    public MqttSourceTaskConfig(Map<String, String> props) {
        super(TASK_CONFIG_DEF, props);
    }

    /** The task config that gives {@code sessions} (of {@code total}) to one task of connector {@code name}. */
    public static Map<String, String> forTask(Map<String, String> connectorProps, String connectorName,
                                              List<Integer> sessions, int total) {
        final Map<String, String> props = new HashMap<>(connectorProps);
        props.put(CONNECTOR_NAME_CONFIG, connectorName);
        props.put(SESSIONS_CONFIG, String.join(",", sessions.stream().map(String::valueOf).toList()));
        props.put(SESSION_TOTAL_CONFIG, String.valueOf(total));
        return props;
    }

    public String connectorName() {
        return getString(CONNECTOR_NAME_CONFIG);
    }

    public List<Integer> sessionNumbers() {
        return getList(SESSIONS_CONFIG).stream().map(Integer::valueOf).toList();
    }

    public int sessionTotal() {
        return getInt(SESSION_TOTAL_CONFIG);
    }

    /** Stable client id of session {@code n}: never random, never shared by two sessions of this connector. */
    public String clientId(int session) {
        return clientIdPrefix(connectorName()) + "-" + session;
    }

    /** The filters as subscribed: shared ({@code $share/<group>/<filter>}) when several sessions split the load. */
    public List<String> subscriptions() {
        if (sessionTotal() <= 1) {
            return topicFilters();
        }
        final String group = sharedGroup(connectorName());
        return topicFilters().stream().map(f -> "$share/" + group + "/" + f).toList();
    }
}
