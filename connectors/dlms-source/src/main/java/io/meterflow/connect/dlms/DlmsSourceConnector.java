package io.meterflow.connect.dlms;

import io.meterflow.connect.dlms.config.DlmsSourceConfig;
import io.meterflow.connect.dlms.config.DlmsSourceTaskConfig;
import io.meterflow.connect.dlms.meter.MeterAssignment;
import io.meterflow.connect.dlms.meter.MeterDefinition;
import io.meterflow.connect.dlms.meter.MeterSource;
import io.meterflow.connect.support.config.SettingRules;
import io.meterflow.connect.support.plugin.PluginVersion;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Kafka Connect source connector for DLMS/COSEM meters over TCP. Meters come from the config or from the
 * PostgreSQL inventory table, which is watched: a change reconfigures the tasks without a worker restart.
 * Meters are dealt to tasks evenly and deterministically (sorted by id, round-robin).
 */
public class DlmsSourceConnector extends SourceConnector {

    private static final Logger LOG = LoggerFactory.getLogger(DlmsSourceConnector.class);

    /** The converter the records need: values are the JSON bytes of schemas' reading and interval serdes. */
    public static final String VALUE_CONVERTER = "org.apache.kafka.connect.converters.ByteArrayConverter";

    private Map<String, String> props;
    private volatile List<MeterDefinition> meters = List.of();
    private InventoryWatcher watcher;

    @Override
    public String version() {
        return PluginVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        this.props = Map.copyOf(props);
        final String converter = props.get(SettingRules.VALUE_CONVERTER_CONFIG);
        if (converter != null && !converter.isBlank() && !VALUE_CONVERTER.equals(converter.trim())) {
            // A connector created before the records became JSON bytes: JsonConverter would write them as base64.
            throw new ConfigException(SettingRules.VALUE_CONVERTER_CONFIG, converter, "must be " + VALUE_CONVERTER
                    + " since MeterFlow 0.1 writes readings and intervals as JSON bytes (see docs/dlms.md, upgrading)");
        }
        final DlmsSourceConfig config = new DlmsSourceConfig(props);
        final MeterSource source = MeterSource.of(config);
        meters = source.load();
        LOG.info("DLMS source: {} meters from {}", meters.size(), config.meterSource());
        if (config.meterSource() == DlmsSourceConfig.MeterSourceKind.INVENTORY) {
            watcher = new InventoryWatcher(source, meters, config.inventory().refresh(), changed -> {
                meters = changed;
                context().requestTaskReconfiguration();
            });
        }
    }

    @Override
    public Class<? extends Task> taskClass() {
        return DlmsSourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        final List<Map<String, String>> configs = new ArrayList<>();
        for (List<MeterDefinition> group : MeterAssignment.spread(meters, maxTasks)) {
            final Map<String, String> task = new HashMap<>(props);
            task.put(DlmsSourceTaskConfig.TASK_METERS_CONFIG,
                    group.stream().map(MeterDefinition::meterId).collect(Collectors.joining(",")));
            task.put(DlmsSourceTaskConfig.TASK_FINGERPRINT_CONFIG, digest(group));
            configs.add(task);
        }
        return configs;
    }

    @Override
    public void stop() {
        if (watcher != null) {
            watcher.close();
            watcher = null;
        }
    }

    @Override
    public ConfigDef config() {
        return DlmsSourceConfig.CONFIG_DEF;
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        final SettingRules rules = new SettingRules(super.validate(connectorConfigs), connectorConfigs);
        if (!rules.hasErrors()) { // single-setting errors first; the rules below need valid values
            new CrossSettingRules(new DlmsSourceConfig(connectorConfigs), rules).check();
        }
        // Unset, the worker's default applies; the connector cannot see it (docs/dlms.md says to set it).
        rules.requireValueConverter(VALUE_CONVERTER, false,
                "the connector writes readings and intervals as ready-made JSON (schemas' serde)");
        return rules.result();
    }

    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        // Offsets are capture times and collection times: a transactional worker commits them with the records.
        return ExactlyOnceSupport.SUPPORTED;
    }

    private static String digest(List<MeterDefinition> group) {
        try {
            final MessageDigest sha = MessageDigest.getInstance("SHA-256");
            group.forEach(m -> sha.update(m.fingerprint().getBytes(StandardCharsets.US_ASCII)));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
