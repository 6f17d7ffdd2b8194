package io.meterflow.connect.dlms;

import io.meterflow.connect.dlms.config.DlmsSourceConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/config/dlms-source.md is generated from the ConfigDef. This test fails when the committed file is stale;
 * run it with {@code -Dmeterflow.docs.update=true} to rewrite the file.
 */
class ConfigReferenceTest {

    private static final Path DOC = Path.of("..", "..", "docs", "config", "dlms-source.md");

    @Test
    void committedConfigReferenceMatchesTheConfigDef() throws IOException {
        final String generated = render(DlmsSourceConfig.CONFIG_DEF);
        if (Boolean.getBoolean("meterflow.docs.update")) {
            Files.createDirectories(DOC.getParent());
            Files.writeString(DOC, generated);
        }
        assertThat(DOC).as("run with -Dmeterflow.docs.update=true to regenerate").exists();
        assertThat(Files.readString(DOC)).isEqualTo(generated);
    }

    static String render(ConfigDef def) {
        final StringBuilder md = new StringBuilder("""
                # DLMS/COSEM source connector: configuration reference

                Generated from `DlmsSourceConfig` by `ConfigReferenceTest` (do not edit by hand; run
                `./mvnw -pl connectors/dlms-source test -Dtest=ConfigReferenceTest -Dmeterflow.docs.update=true`).
                Connector class: `io.meterflow.connect.dlms.DlmsSourceConnector`. Secrets (type password) are
                never logged and show as `[hidden]` in Connect's REST API.
                """);
        final Map<String, List<ConfigDef.ConfigKey>> groups = def.configKeys().values().stream()
                .collect(Collectors.groupingBy(k -> k.group == null ? "Other" : k.group, LinkedHashMap::new,
                        Collectors.toList()));
        groups.forEach((group, keys) -> {
            md.append("\n## ").append(group).append("\n\n| Setting | Type | Default | Valid values | Importance | Description |\n")
                    .append("|---|---|---|---|---|---|\n");
            keys.stream().sorted(java.util.Comparator.comparingInt(k -> k.orderInGroup)).forEach(k -> md
                    .append("| `").append(k.name).append("` | ").append(k.type.name().toLowerCase(java.util.Locale.ROOT))
                    .append(" | ").append(defaultOf(k)).append(" | ")
                    .append(k.validator == null ? "" : escape(k.validator.toString())).append(" | ")
                    .append(k.importance.name().toLowerCase(java.util.Locale.ROOT)).append(" | ")
                    .append(escape(k.documentation)).append(" |\n"));
        });
        return md.toString();
    }

    private static String defaultOf(ConfigDef.ConfigKey key) {
        if (!key.hasDefault()) {
            return "(required)";
        }
        if (key.defaultValue == null) {
            return "null";
        }
        final Object value = key.defaultValue instanceof List<?> list
                ? list.stream().map(String::valueOf).collect(Collectors.joining(","))
                : key.defaultValue;
        return "`" + escape(String.valueOf(value)) + "`";
    }

    private static String escape(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
