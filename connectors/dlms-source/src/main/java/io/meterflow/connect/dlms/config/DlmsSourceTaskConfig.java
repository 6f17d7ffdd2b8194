package io.meterflow.connect.dlms.config;

import org.apache.kafka.common.config.ConfigDef;

import java.util.List;
import java.util.Map;

/**
 * A task's settings: the connector's, plus the meters assigned to it. Only meter ids travel in task configs
 * (Connect stores those in plain text); the task reads the meters' secrets from the connector settings or the
 * inventory itself. The fingerprint changes whenever an assigned meter's row changes, so Connect restarts the task.
 */
public final class DlmsSourceTaskConfig extends DlmsSourceConfig {

    public static final String TASK_METERS_CONFIG = "task.meter.ids";
    public static final String TASK_FINGERPRINT_CONFIG = "task.meters.fingerprint";

    private static final ConfigDef TASK_DEF = new ConfigDef(CONFIG_DEF)
            .define(TASK_METERS_CONFIG, ConfigDef.Type.LIST, List.of(), ConfigDef.Importance.HIGH,
                    "Meter ids assigned to this task (set by the connector).")
            .define(TASK_FINGERPRINT_CONFIG, ConfigDef.Type.STRING, "", ConfigDef.Importance.LOW,
                    "Digest of the assigned meters' definitions (set by the connector).");

    public DlmsSourceTaskConfig(Map<?, ?> props) {
        super(TASK_DEF, props);
    }

    public List<String> assignedMeterIds() {
        return getList(TASK_METERS_CONFIG);
    }
}
