package io.meterflow.connect.mqtt.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** The template compiles: exactly one {meterId}, '#' only last. */
final class TopicTemplateValidator implements ConfigDef.Validator {

    @Override
    public void ensureValid(String name, Object value) {
        try {
            TopicTemplate.compile(String.valueOf(value));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name, value, e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "an MQTT topic with one " + TopicTemplate.PLACEHOLDER + " level";
    }
}
