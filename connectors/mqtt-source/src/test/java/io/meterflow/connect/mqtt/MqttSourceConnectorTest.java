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
    void oneTaskSubscribesPlainlyWithAStableClientId() {
        final List<MqttSourceTaskConfig> tasks = tasks(props(), 1);

        assertThat(tasks).hasSize(1);
        assertThat(tasks.get(0).sessionNumbers()).containsExactly(0);
        assertThat(tasks.get(0).clientId(0)).isEqualTo("mqtt-in-0");
        assertThat(tasks.get(0).subscriptions()).containsExactly("meters/+/telemetry");
    }

    @Test
    void severalTasksShareTheSubscriptionAndKeepEverySessionOwnedWhenTasksGoDown() {
        final List<MqttSourceTaskConfig> three = tasks(props(MqttSourceConfig.SESSIONS_CONFIG, "3"), 3);
        final List<MqttSourceTaskConfig> two = tasks(props(MqttSourceConfig.SESSIONS_CONFIG, "3"), 2);

        assertThat(three).extracting(MqttSourceTaskConfig::sessionNumbers)
                .containsExactly(List.of(0), List.of(1), List.of(2));
        assertThat(two).extracting(MqttSourceTaskConfig::sessionNumbers).containsExactly(List.of(0, 2), List.of(1));
        assertThat(two.get(0).subscriptions()).containsExactly("$share/mqtt-in/meters/+/telemetry");
        assertThat(two.get(0).clientId(2)).isEqualTo("mqtt-in-2");
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
