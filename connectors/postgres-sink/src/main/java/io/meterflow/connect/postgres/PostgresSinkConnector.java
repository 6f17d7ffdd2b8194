package io.meterflow.connect.postgres;

import io.meterflow.connect.postgres.config.PostgresSinkConfig;
import io.meterflow.connect.postgres.config.TopicRouting;
import io.meterflow.connect.support.config.SettingRules;
import io.meterflow.connect.support.plugin.PluginVersion;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Kafka Connect sink that writes MeterFlow's topics into the PostgreSQL read model, exactly once.
 * Scale it with {@code tasks.max} up to the number of topic partitions.
 */
public final class PostgresSinkConnector extends SinkConnector {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresSinkConnector.class);
    private Map<String, String> props;

    @Override
    public void start(Map<String, String> props) {
        new PostgresSinkConfig(props);
        this.props = Map.copyOf(props);
        LOG.info("PostgreSQL sink connector {} started", props.get("name"));
    }

    @Override
    public Class<? extends Task> taskClass() {
        return PostgresSinkTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return Collections.nCopies(maxTasks, props);
    }

    @Override
    public void stop() {
        LOG.info("PostgreSQL sink connector stopped");
    }

    @Override
    public ConfigDef config() {
        return PostgresSinkConfig.CONFIG_DEF;
    }

    /** Adds the rule across settings: every topic in {@code topics} must be mapped by a {@code topic.*} setting. */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        final SettingRules rules = new SettingRules(super.validate(connectorConfigs), connectorConfigs);
        final String topics = connectorConfigs.get(TOPICS_CONFIG);
        if (rules.hasErrors() || topics == null || topics.isBlank()) {
            return rules.result();
        }
        final TopicRouting routing = new PostgresSinkConfig(connectorConfigs).topicRouting();
        final List<String> unmapped = Arrays.stream(topics.split(",")).map(String::trim)
                .filter(t -> !t.isEmpty() && routing.kindOf(t).isEmpty()).toList();
        if (!unmapped.isEmpty()) {
            rules.reportOnConnectSetting(TOPICS_CONFIG, topics, "Topics " + unmapped + " are not mapped to a kind of "
                    + "record: set one of " + routing.topics().stream().sorted().toList() + " via topic.readings, "
                    + "topic.intervals, topic.rates, topic.clock.drift, topic.error.stats or topic.alerts");
        }
        return rules.result();
    }

    @Override
    public String version() {
        return PluginVersion.get();
    }
}
