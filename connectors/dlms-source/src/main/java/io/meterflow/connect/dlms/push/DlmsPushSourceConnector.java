package io.meterflow.connect.dlms.push;

import io.meterflow.connect.dlms.Version;
import io.meterflow.connect.dlms.push.config.DlmsPushSourceConfig;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Kafka Connect source connector that listens for meter-initiated DLMS pushes (DataNotification, plain or
 * general-glo-ciphering) and writes them to meter-readings, meter-intervals and meter-events. Task n listens on
 * listen.port + n; every task knows every meter, so a meter may push to any of them (a TCP load balancer in front).
 */
public class DlmsPushSourceConnector extends SourceConnector {

    private Map<String, String> props;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        new DlmsPushSourceConfig(props); // fail fast on bad settings
        this.props = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return DlmsPushSourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        final List<Map<String, String>> configs = new ArrayList<>();
        for (int i = 0; i < maxTasks; i++) {
            final Map<String, String> task = new HashMap<>(props);
            task.put(DlmsPushSourceTask.TASK_INDEX_CONFIG, Integer.toString(i));
            configs.add(task);
        }
        return configs;
    }

    @Override
    public void stop() {
        // nothing runs in the connector itself
    }

    @Override
    public ConfigDef config() {
        return DlmsPushSourceConfig.CONFIG_DEF;
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        final Config result = super.validate(connectorConfigs);
        final Map<String, ConfigValue> values = result.configValues().stream()
                .collect(Collectors.toMap(ConfigValue::name, Function.identity()));
        if (values.values().stream().anyMatch(v -> !v.errorMessages().isEmpty())) {
            return result; // single-setting errors first; the rules below need valid values
        }
        new PushCrossSettingRules(new DlmsPushSourceConfig(connectorConfigs), connectorConfigs, values).check();
        return result;
    }

    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        // The offset of each meter's pushes (newest capture time) is committed with the records in one transaction.
        return ExactlyOnceSupport.SUPPORTED;
    }
}
