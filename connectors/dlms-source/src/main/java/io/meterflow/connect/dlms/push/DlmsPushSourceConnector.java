package io.meterflow.connect.dlms.push;

import io.meterflow.connect.dlms.push.config.DlmsPushSourceConfig;
import io.meterflow.connect.support.config.SettingRules;
import io.meterflow.connect.support.plugin.PluginVersion;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Kafka Connect source connector that listens for meter-initiated DLMS pushes (DataNotification, plain or
 * general-glo-ciphering) and writes them to meter-readings, meter-intervals and meter-events. Task n listens on
 * listen.port + n; every task knows every meter, so a meter may push to any of them (a TCP load balancer in front).
 */
public class DlmsPushSourceConnector extends SourceConnector {

    /** Records are ready-made JSON bytes (schemas' serde), as the polling connector's are. */
    public static final String VALUE_CONVERTER = "org.apache.kafka.connect.converters.ByteArrayConverter";

    private Map<String, String> props;

    @Override
    public String version() {
        return PluginVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        final String converter = props.get(SettingRules.VALUE_CONVERTER_CONFIG);
        if (converter != null && !converter.isBlank() && !VALUE_CONVERTER.equals(converter.trim())) {
            throw new ConfigException(SettingRules.VALUE_CONVERTER_CONFIG, converter, "must be " + VALUE_CONVERTER
                    + ": the push listener writes readings, intervals and events as JSON bytes");
        }
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
        final SettingRules rules = new SettingRules(super.validate(connectorConfigs), connectorConfigs);
        if (!rules.hasErrors()) { // single-setting errors first; the rules below need valid values
            new PushCrossSettingRules(new DlmsPushSourceConfig(connectorConfigs), connectorConfigs, rules).check();
        }
        rules.requireValueConverter(VALUE_CONVERTER, false,
                "the push listener writes readings, intervals and events as ready-made JSON (schemas' serde)");
        return rules.result();
    }

    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        // The offset of each meter's pushes (newest capture time) is committed with the records in one transaction.
        return ExactlyOnceSupport.SUPPORTED;
    }
}
