package io.meterflow.connect.dlms;

import io.meterflow.connect.dlms.config.DlmsSourceConfig;
import io.meterflow.testing.docs.ConfigReference;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

/** docs/config/dlms-source.md is generated from the ConfigDef; {@code -Dmeterflow.docs.update=true} rewrites it. */
class ConfigReferenceTest {

    @Test
    void committedConfigReferenceMatchesTheConfigDef() {
        ConfigReference.assertUpToDate(Path.of("..", "..", "docs", "config", "dlms-source.md"),
                ConfigReference.markdown("DLMS/COSEM source connector: configuration reference", """
                        Connector class: `io.meterflow.connect.dlms.DlmsSourceConnector`. Secrets (type password) are
                        never logged and show as `[hidden]` in Connect's REST API. The connector needs
                        `value.converter=org.apache.kafka.connect.converters.ByteArrayConverter` and
                        `key.converter=org.apache.kafka.connect.storage.StringConverter`, as the MQTT source does (see
                        docs/dlms.md).""",
                        DlmsSourceConfig.CONFIG_DEF));
    }
}
