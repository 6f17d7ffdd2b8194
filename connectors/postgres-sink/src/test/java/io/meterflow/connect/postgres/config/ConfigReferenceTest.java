package io.meterflow.connect.postgres.config;

import io.meterflow.testing.docs.ConfigReference;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

/** docs/config/postgres-sink.md is generated from the ConfigDef; {@code -Dmeterflow.docs.update=true} rewrites it. */
class ConfigReferenceTest {

    @Test
    void committedReferenceMatchesTheConfigDef() {
        ConfigReference.assertUpToDate(Path.of("..", "..", "docs", "config", "postgres-sink.md"),
                ConfigReference.markdown("PostgreSQL sink connector settings", """
                        Class: `io.meterflow.connect.postgres.PostgresSinkConnector`. Besides these, set Connect's own sink
                        settings: `topics`, `tasks.max`, the converters (`value.converter=org.apache.kafka.connect.storage.StringConverter`
                        recommended) and the dead-letter queue (`errors.tolerance=all`, `errors.deadletterqueue.topic.name`).
                        See docs/read-model.md.""", PostgresSinkConfig.CONFIG_DEF));
    }
}
