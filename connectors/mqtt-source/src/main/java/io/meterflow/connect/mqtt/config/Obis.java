package io.meterflow.connect.mqtt.config;

import io.meterflow.schema.obis.ObisCode;

import java.util.Map;

/** The units of the common electricity registers (the form of an OBIS code is schemas' {@link ObisCode}). */
public final class Obis {

    /** Units of registers meters commonly publish; other OBIS codes need a unit from mqtt.value.names or none. */
    private static final Map<String, String> WELL_KNOWN_UNITS = Map.ofEntries(
            Map.entry("1.0.1.8.0.255", "Wh"),
            Map.entry("1.0.2.8.0.255", "Wh"),
            Map.entry("1.0.3.8.0.255", "varh"),
            Map.entry("1.0.4.8.0.255", "varh"),
            Map.entry("1.0.1.7.0.255", "W"),
            Map.entry("1.0.2.7.0.255", "W"),
            Map.entry("1.0.3.7.0.255", "var"),
            Map.entry("1.0.4.7.0.255", "var"),
            Map.entry("1.0.32.7.0.255", "V"),
            Map.entry("1.0.52.7.0.255", "V"),
            Map.entry("1.0.72.7.0.255", "V"),
            Map.entry("1.0.31.7.0.255", "A"),
            Map.entry("1.0.51.7.0.255", "A"),
            Map.entry("1.0.71.7.0.255", "A"),
            Map.entry("1.0.14.7.0.255", "Hz"));

    private Obis() {
    }

    /** The unit of a well-known register, or null. */
    public static String wellKnownUnit(String code) {
        return WELL_KNOWN_UNITS.get(code);
    }
}
