package io.meterflow.connect.dlms.push;

import io.meterflow.connect.dlms.push.config.DlmsPushSourceConfig;
import io.meterflow.testing.docs.ConfigReference;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

/** docs/config/dlms-push-source.md is generated from the ConfigDef; {@code -Dmeterflow.docs.update=true} rewrites it. */
class PushConfigReferenceTest {

    @Test
    void committedConfigReferenceMatchesTheConfigDef() {
        ConfigReference.assertUpToDate(Path.of("..", "..", "docs", "config", "dlms-push-source.md"),
                ConfigReference.markdown("DLMS push listener connector: configuration reference", """
                        Connector class: `io.meterflow.connect.dlms.push.DlmsPushSourceConnector` (in the DLMS plugin).
                        Secrets (type password) are never logged and show as `[hidden]` in Connect's REST API. Use
                        `key.converter=StringConverter` and `value.converter=ByteArrayConverter` (the records are
                        ready-made JSON); with exactly-once source support a re-pushed notification already stored is
                        never stored again (see docs/dlms.md, "Meter push").""",
                        DlmsPushSourceConfig.CONFIG_DEF));
    }
}
