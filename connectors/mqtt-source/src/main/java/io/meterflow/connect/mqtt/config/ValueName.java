package io.meterflow.connect.mqtt.config;

import io.meterflow.schema.obis.ObisCode;
import org.apache.kafka.common.config.ConfigException;

/**
 * A payload value name mapped to an OBIS code and unit, from one {@code name=obis:unit} entry of
 * {@code mqtt.value.names} (the unit may be left out: {@code name=obis}).
 */
public record ValueName(String name, String obis, String unit) {

    public static ValueName parse(String setting, String entry) {
        final int eq = entry.indexOf('=');
        if (eq <= 0 || eq == entry.length() - 1) {
            throw new ConfigException(setting, entry, "expected name=obis:unit, e.g. energy=1.0.1.8.0.255:Wh");
        }
        final String name = entry.substring(0, eq).trim();
        final String target = entry.substring(eq + 1).trim();
        final int colon = target.indexOf(':');
        final String obis = (colon < 0 ? target : target.substring(0, colon)).trim();
        final String unit = colon < 0 || colon == target.length() - 1 ? null : target.substring(colon + 1).trim();
        if (!ObisCode.isValid(obis)) {
            throw new ConfigException(setting, entry, "'" + obis + "' is not an OBIS code " + ObisCode.FORM);
        }
        return new ValueName(name, obis, unit);
    }
}
