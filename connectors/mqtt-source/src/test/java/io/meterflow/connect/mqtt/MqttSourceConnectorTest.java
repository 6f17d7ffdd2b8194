package io.meterflow.connect.mqtt;

import io.meterflow.connect.mqtt.config.MqttSourceConfig;
import io.meterflow.connect.mqtt.config.MqttSourceTaskConfig;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MqttSourceConnectorTest {

    private static Map<String, String> props(String... pairs) {
        final Map<String, String> props = new HashMap<>(Map.of("name", "mqtt-in",
                MqttSourceConfig.SERVER_URIS_CONFIG, "tcp://localhost:1883",
                "value.converter", MqttSourceConnector.VALUE_CONVERTER));
        for (int i = 0; i < pairs.length; i += 2) {
            props.put(pairs[i], pairs[i + 1]);
        }
        return props;
    }

    private static List<MqttSourceTaskConfig> tasks(Map<String, String> props, int maxTasks) {
        final MqttSourceConnector connector = new MqttSourceConnector();
        connector.start(props);
        return connector.taskConfigs(maxTasks).stream().map(MqttSourceTaskConfig::new).toList();
    }

    @Test
    void byDefaultOneTaskOwnsFourSharedSessionsWithStableClientIds() {
        final List<MqttSourceTaskConfig> tasks = tasks(props(), 1);

        assertThat(tasks).hasSize(1);
        final MqttSourceTaskConfig task = tasks.get(0);
        assertThat(task.sessionNumbers()).containsExactly(0, 1, 2, 3);
        assertThat(task.sessionNumbers().stream().map(task::clientId))
                .containsExactly("mqtt-in-0", "mqtt-in-1", "mqtt-in-2", "mqtt-in-3");
        assertThat(task.subscriptionsOf(0)).containsExactly("$share/mqtt-in/meters/+/telemetry");
        assertThat(task.staleSubscriptionsOf(0)).containsExactly("meters/+/telemetry");
    }

    @Test
    void aSingleSessionSubscribesSharedTooSoThatAddingSessionsLaterChangesNoSubscription() {
        final MqttSourceTaskConfig task = tasks(props(MqttSourceConfig.SESSIONS_CONFIG, "1",
                MqttSourceConfig.SHARED_GROUP_CONFIG, "fleet"), 1).get(0);

        assertThat(task.sessionNumbers()).containsExactly(0);
        assertThat(task.subscriptions()).containsExactly("$share/fleet/meters/+/telemetry");
    }

    @Test
    void everyTasksMaxUpToTheSessionsKeepsEverySessionOwnedByExactlyOneTask() {
        for (int maxTasks = 1; maxTasks <= MqttSourceConfig.SESSIONS_DEFAULT; maxTasks++) {
            final List<Integer> owned = tasks(props(), maxTasks).stream()
                    .flatMap(t -> t.sessionNumbers().stream()).sorted().toList();
            assertThat(owned).as("sessions owned with tasks.max %d", maxTasks).containsExactly(0, 1, 2, 3);
        }
        assertThat(tasks(props(), 3)).extracting(MqttSourceTaskConfig::sessionNumbers)
                .containsExactly(List.of(0, 3), List.of(1), List.of(2));
        assertThat(tasks(props(), 2)).extracting(MqttSourceTaskConfig::sessionNumbers)
                .containsExactly(List.of(0, 2), List.of(1, 3));
    }

    @Test
    void whileSessionsAreLoweredTheRemovedOnesStayOwnedButLeaveTheSharedGroup() {
        final List<MqttSourceTaskConfig> tasks = tasks(props(MqttSourceConfig.SESSIONS_CONFIG, "2",
                MqttSourceConfig.SESSIONS_PREVIOUS_CONFIG, "4"), 2);

        assertThat(tasks).extracting(MqttSourceTaskConfig::sessionNumbers)
                .containsExactly(List.of(0, 2), List.of(1, 3));
        final MqttSourceTaskConfig task = tasks.get(0);
        assertThat(task.subscriptionsOf(0)).containsExactly("$share/mqtt-in/meters/+/telemetry");
        assertThat(task.staleSubscriptionsOf(0)).containsExactly("meters/+/telemetry");
        assertThat(task.subscriptionsOf(2)).isEmpty();
        assertThat(task.staleSubscriptionsOf(2))
                .containsExactly("meters/+/telemetry", "$share/mqtt-in/meters/+/telemetry");
        assertThat(task.clientId(2)).isEqualTo("mqtt-in-2");
    }

    @Test
    void validateRejectsMoreTasksThanSessionsOnTheSessionsSetting() {
        final MqttSourceConnector connector = new MqttSourceConnector();

        assertThat(errors(connector.validate(props("tasks.max", "5"))))
                .containsOnlyKeys(MqttSourceConfig.SESSIONS_CONFIG)
                .extractingByKey(MqttSourceConfig.SESSIONS_CONFIG).asString()
                .contains("tasks.max is 5 but the connector has only 4 MQTT sessions")
                .contains("lower tasks.max to 4 or less, or raise mqtt.sessions to 5 or more");
        assertThat(errors(connector.validate(props("tasks.max", "4")))).isEmpty();
        assertThat(errors(connector.validate(props("tasks.max", "8", MqttSourceConfig.SESSIONS_CONFIG, "8"))))
                .isEmpty();
        assertThat(errors(connector.validate(props(MqttSourceConfig.SESSIONS_CONFIG, "0"))))
                .containsOnlyKeys(MqttSourceConfig.SESSIONS_CONFIG);
        assertThat(errors(connector.validate(props(MqttSourceConfig.SESSIONS_PREVIOUS_CONFIG, "4"))))
                .containsOnlyKeys(MqttSourceConfig.SESSIONS_PREVIOUS_CONFIG)
                .extractingByKey(MqttSourceConfig.SESSIONS_PREVIOUS_CONFIG).asString()
                .contains("must be 0 or above mqtt.sessions (4)");
    }

    @Test
    void validateNamesTheSettingOfEachProblem() {
        final MqttSourceConnector connector = new MqttSourceConnector();

        assertThat(errors(connector.validate(props("value.converter", "org.apache.kafka.connect.json.JsonConverter"))))
                .containsKey("value.converter");
        assertThat(errors(connector.validate(props(MqttSourceConfig.PASSWORD_CONFIG, "secret"))))
                .containsOnlyKeys(MqttSourceConfig.USERNAME_CONFIG);
        assertThat(errors(connector.validate(props(MqttSourceConfig.TOPICS_CONFIG, "$share/g/meters/#"))))
                .containsOnlyKeys(MqttSourceConfig.TOPICS_CONFIG);
        assertThat(errors(connector.validate(props(MqttSourceConfig.SERVER_URIS_CONFIG, "localhost:1883"))))
                .containsOnlyKeys(MqttSourceConfig.SERVER_URIS_CONFIG);
        assertThat(errors(connector.validate(props()))).isEmpty();
    }

    private static Map<String, List<String>> errors(org.apache.kafka.common.config.Config config) {
        final Map<String, List<String>> errors = new HashMap<>();
        for (ConfigValue value : config.configValues()) {
            if (!value.errorMessages().isEmpty()) {
                errors.put(value.name(), value.errorMessages());
            }
        }
        return errors;
    }
}
