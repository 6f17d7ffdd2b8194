package io.meterflow.connect.mqtt.config;

import io.meterflow.testing.docs.ConfigReference;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

/** docs/config/mqtt-source.md is generated from the ConfigDef; {@code -Dmeterflow.docs.update=true} rewrites it. */
class ConfigReferenceTest {

    @Test
    void committedConfigReferenceMatchesTheConfigDef() {
        ConfigReference.assertUpToDate(Path.of("..", "..", "docs", "config", "mqtt-source.md"),
                ConfigReference.markdown("MQTT source connector configuration", """
                        Connector class: `io.meterflow.connect.mqtt.MqttSourceConnector`. Besides these settings the
                        connector needs `value.converter=org.apache.kafka.connect.converters.ByteArrayConverter` and
                        `key.converter=org.apache.kafka.connect.storage.StringConverter` (see docs/mqtt.md).""",
                        MqttSourceConfig.CONFIG_DEF));
    }
}
