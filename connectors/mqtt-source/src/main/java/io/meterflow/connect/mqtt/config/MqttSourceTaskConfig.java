package io.meterflow.connect.mqtt.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A task's settings: the connector's plus what the connector assigned to this task. */
public final class MqttSourceTaskConfig extends MqttSourceConfig {

    static final String CONNECTOR_NAME_CONFIG = "mqtt.task.connector.name";
    static final String OWNED_SESSIONS_CONFIG = "mqtt.task.sessions";

    private static final ConfigDef TASK_CONFIG_DEF = new ConfigDef(CONFIG_DEF)
            .define(CONNECTOR_NAME_CONFIG, Type.STRING, Importance.HIGH, "Name of the connector (internal).")
            .define(OWNED_SESSIONS_CONFIG, Type.LIST, Importance.HIGH, "Session numbers this task owns (internal).");

    public MqttSourceTaskConfig(Map<String, String> props) {
        super(TASK_CONFIG_DEF, props);
    }

    /** The task config that gives {@code sessions} to one task of connector {@code connectorName}. */
    public static Map<String, String> forTask(Map<String, String> connectorProps, String connectorName,
                                              List<Integer> sessions) {
        final Map<String, String> props = new HashMap<>(connectorProps);
        props.put(CONNECTOR_NAME_CONFIG, connectorName);
        props.put(OWNED_SESSIONS_CONFIG, String.join(",", sessions.stream().map(String::valueOf).toList()));
        return props;
    }

    public String connectorName() {
        return getString(CONNECTOR_NAME_CONFIG);
    }

    public List<Integer> sessionNumbers() {
        return getList(OWNED_SESSIONS_CONFIG).stream().map(Integer::valueOf).toList();
    }

    /** Stable client id of session {@code n}: never random, never shared by two sessions of this connector. */
    public String clientId(int session) {
        return clientIdPrefix(connectorName()) + "-" + session;
    }

    /**
     * The filters as subscribed: always shared ({@code $share/<group>/<filter>}), also with one session, so that the
     * subscription of a session never depends on how many sessions or tasks there are.
     */
    public List<String> subscriptions() {
        final String group = sharedGroup(connectorName());
        return topicFilters().stream().map(f -> "$share/" + group + "/" + f).toList();
    }

    /** What session {@code n} subscribes to: the shared filters, or nothing while it is being drained. */
    public List<String> subscriptionsOf(int session) {
        return isDraining(session) ? List.of() : subscriptions();
    }

    /**
     * What session {@code n} unsubscribes from after subscribing. Always the plain filters, which earlier versions
     * subscribed with a single session: a persistent session keeps such a subscription next to the shared one and
     * would get a copy of every message the group gives another session. A draining session also leaves the group.
     */
    public List<String> staleSubscriptionsOf(int session) {
        final List<String> stale = new ArrayList<>(topicFilters());
        if (isDraining(session)) {
            stale.addAll(subscriptions());
        }
        return stale;
    }
}
