package io.meterflow.connect.mqtt.config;

import org.apache.kafka.common.config.ConfigDef;

import java.util.List;

/** Every entry parses as name=obis:unit. */
final class ValueNamesValidator implements ConfigDef.Validator {

    @Override
    public void ensureValid(String name, Object value) {
        for (Object entry : (List<?>) value) {
            ValueName.parse(name, String.valueOf(entry));
        }
    }

    @Override
    public String toString() {
        return "name=obis:unit entries";
    }
}
