package io.meterflow.connect.postgres.config;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/config/postgres-sink.md is generated from the ConfigDef. This test fails when the committed file differs;
 * run it with -Dmeterflow.docs.update=true to rewrite the file.
 */
class ConfigReferenceTest {

    private static final Path DOC = Path.of("..", "..", "docs", "config", "postgres-sink.md");

    @Test
    void committedReferenceMatchesTheConfigDef() throws IOException {
        final String generated = ConfigReference.markdown("PostgreSQL sink connector settings", """
                Class: `io.meterflow.connect.postgres.PostgresSinkConnector`. Besides these, set Connect's own sink
                settings: `topics`, `tasks.max`, the converters (`value.converter=org.apache.kafka.connect.storage.StringConverter`
                recommended) and the dead-letter queue (`errors.tolerance=all`, `errors.deadletterqueue.topic.name`).
                See docs/read-model.md.""", PostgresSinkConfig.CONFIG_DEF);
        if (Boolean.getBoolean("meterflow.docs.update")) {
            Files.createDirectories(DOC.getParent());
            Files.writeString(DOC, generated, StandardCharsets.UTF_8);
        }
        assertThat(DOC).as("run with -Dmeterflow.docs.update=true to regenerate").exists();
        assertThat(Files.readString(DOC, StandardCharsets.UTF_8)).isEqualTo(generated);
    }
}
