package io.meterflow.connect.mqtt.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.ConfigKey;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/config/mqtt-source.md is generated from the ConfigDef. This test fails when the committed file is stale;
 * {@code ./mvnw -pl connectors/mqtt-source test -Dtest=ConfigReferenceTest -Dmeterflow.docs.update=true} rewrites it.
 */
class ConfigReferenceTest {

    private static final Path DOC = Path.of("..", "..", "docs", "config", "mqtt-source.md");

    @Test
    void committedConfigReferenceMatchesTheConfigDef() throws IOException {
        final String generated = markdown(MqttSourceConfig.CONFIG_DEF);
        if (Boolean.getBoolean("meterflow.docs.update")) {
            Files.createDirectories(DOC.getParent());
            Files.writeString(DOC, generated, StandardCharsets.UTF_8);
        }
        assertThat(Files.exists(DOC)).as(DOC.toAbsolutePath() + " exists (run with -Dmeterflow.docs.update=true)")
                .isTrue();
        assertThat(Files.readString(DOC, StandardCharsets.UTF_8))
                .as("docs/config/mqtt-source.md is stale: run with -Dmeterflow.docs.update=true").isEqualTo(generated);
    }

    static String markdown(ConfigDef def) {
        final StringBuilder md = new StringBuilder()
                .append("# MQTT source connector configuration\n\n")
                .append("Generated from `MqttSourceConfig` by `ConfigReferenceTest`; do not edit by hand.\n")
                .append("Connector class: `io.meterflow.connect.mqtt.MqttSourceConnector`. Besides these settings the ")
                .append("connector needs `value.converter=org.apache.kafka.connect.converters.ByteArrayConverter` and ")
                .append("`key.converter=org.apache.kafka.connect.storage.StringConverter` (see docs/mqtt.md).\n");
        final Map<String, List<ConfigKey>> groups = new LinkedHashMap<>();
        for (ConfigKey key : def.configKeys().values()) {
            groups.computeIfAbsent(key.group, g -> new java.util.ArrayList<>()).add(key);
        }
        groups.forEach((group, keys) -> {
            md.append("\n## ").append(group).append("\n\n")
                    .append("| Setting | Type | Default | Valid values | Importance | Description |\n")
                    .append("|---|---|---|---|---|---|\n");
            for (ConfigKey key : keys) {
                md.append("| `").append(key.name).append("` | ").append(key.type.name().toLowerCase())
                        .append(" | ").append(defaultOf(key))
                        .append(" | ").append(key.validator == null ? "" : cell(key.validator.toString()))
                        .append(" | ").append(key.importance.name().toLowerCase())
                        .append(" | ").append(cell(key.documentation)).append(" |\n");
            }
        });
        return md.toString();
    }

    private static String defaultOf(ConfigKey key) {
        if (!key.hasDefault()) {
            return "(required)";
        }
        if (key.type == ConfigDef.Type.PASSWORD) {
            return "\"\"";
        }
        final String value = key.defaultValue == null ? "" : ConfigDef.convertToString(key.defaultValue, key.type);
        return value == null || value.isEmpty() ? "\"\"" : "`" + value + "`";
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
