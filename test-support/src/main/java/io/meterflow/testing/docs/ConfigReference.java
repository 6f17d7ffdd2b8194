package io.meterflow.testing.docs;

import org.apache.kafka.common.config.ConfigDef;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Renders a connector's ConfigDef as its Markdown reference in {@code docs/config/} (generated, never written by
 * hand) and keeps the committed file in step: {@link #assertUpToDate} fails when the file is stale and rewrites it
 * when the build runs with {@code -Dmeterflow.docs.update=true}.
 */
public final class ConfigReference {

    private ConfigReference() {
    }

    /** Fails, naming the file and the fix, when {@code doc} differs from {@code generated}. */
    public static void assertUpToDate(Path doc, String generated) {
        try {
            if (Boolean.getBoolean("meterflow.docs.update")) {
                Files.createDirectories(doc.toAbsolutePath().getParent());
                Files.writeString(doc, generated, StandardCharsets.UTF_8);
            }
            if (!Files.exists(doc) || !Files.readString(doc, StandardCharsets.UTF_8).equals(generated)) {
                throw new AssertionError(doc.toAbsolutePath().normalize() + " is missing or stale: run the test with "
                        + "-Dmeterflow.docs.update=true to regenerate it from the ConfigDef");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or write " + doc, e);
        }
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
