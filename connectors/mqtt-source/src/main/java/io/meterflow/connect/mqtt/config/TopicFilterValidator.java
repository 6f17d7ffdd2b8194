package io.meterflow.connect.mqtt.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

import java.util.List;

/** MQTT topic filters: not empty, '+' and '#' only as whole levels, '#' only last, no '$share/' prefix of their own. */
final class TopicFilterValidator implements ConfigDef.Validator {

    @Override
    public void ensureValid(String name, Object value) {
        final List<?> filters = (List<?>) value;
        if (filters == null || filters.isEmpty()) {
            throw new ConfigException(name, value, "at least one topic filter is required, e.g. meters/+/telemetry");
        }
        for (Object entry : filters) {
            check(name, String.valueOf(entry).trim());
        }
    }

    private static void check(String name, String filter) {
        if (filter.isEmpty()) {
            throw new ConfigException(name, filter, "a topic filter must not be empty");
        }
        if (filter.startsWith("$share/")) {
            throw new ConfigException(name, filter, "give the plain filter; the connector adds $share/<group>/ itself "
                    + "(see " + MqttSourceConfig.SHARED_GROUP_CONFIG + ")");
        }
        final String[] levels = filter.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            final String level = levels[i];
            if ((level.contains("+") && !level.equals("+")) || (level.contains("#") && !level.equals("#"))) {
                throw new ConfigException(name, filter, "'+' and '#' must stand alone in a topic level");
            }
            if (level.equals("#") && i != levels.length - 1) {
                throw new ConfigException(name, filter, "'#' may only be the last level");
            }
        }
    }

    @Override
    public String toString() {
        return "MQTT topic filters, e.g. meters/+/telemetry";
    }
}
