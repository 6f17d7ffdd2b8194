package io.meterflow.connect.postgres.config;

import org.apache.kafka.common.config.ConfigDef;

import java.util.List;
import java.util.stream.Collectors;

/** Renders a ConfigDef as the Markdown reference in docs/config/ (generated, never written by hand). */
public final class ConfigReference {

    private ConfigReference() {
    }

    public static String markdown(String title, String intro, ConfigDef def) {
        final StringBuilder md = new StringBuilder();
        md.append("# ").append(title).append("\n\n");
        md.append("<!-- Generated from the connector's ConfigDef by ConfigReferenceTest; do not edit by hand. -->\n\n");
        md.append(intro).append("\n");
        final List<String> groups = def.groups();
        for (String group : groups) {
            md.append("\n## ").append(group).append("\n\n");
            md.append("| Setting | Type | Default | Valid values | Importance | Description |\n");
            md.append("|---|---|---|---|---|---|\n");
            def.configKeys().values().stream()
                    .filter(k -> group.equals(k.group))
                    .sorted((a, b) -> Integer.compare(a.orderInGroup, b.orderInGroup))
                    .forEach(k -> md.append("| `").append(k.name).append("` | ")
                            .append(k.type.name().toLowerCase(java.util.Locale.ROOT)).append(" | ")
                            .append(defaultOf(k)).append(" | ")
                            .append(k.validator == null ? "" : escape(k.validator.toString())).append(" | ")
                            .append(k.importance.name().toLowerCase(java.util.Locale.ROOT)).append(" | ")
                            .append(escape(k.documentation)).append(" |\n"));
        }
        return md.toString();
    }

    private static String defaultOf(ConfigDef.ConfigKey key) {
        if (!key.hasDefault()) {
            return "(required)";
        }
        if (key.defaultValue == null) {
            return "null";
        }
        final String value = key.type == ConfigDef.Type.PASSWORD ? "\"\"" : ConfigDef.convertToString(key.defaultValue,
                key.type);
        return value.isEmpty() ? "\"\"" : "`" + value + "`";
    }

    private static String escape(String text) {
        return text.lines().map(String::trim).collect(Collectors.joining(" ")).replace("|", "\\|");
    }
}
