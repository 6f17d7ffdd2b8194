package io.meterflow.connect.mqtt.config;

import java.util.Arrays;
import java.util.Locale;

/** How the connector reads a message payload. */
public enum PayloadFormat {
    /** {@code {"ts": <epoch ms>, "values": {<OBIS code or mapped name>: <number>, ...}}}. */
    TELEMETRY,
    /** A complete MeterFlow reading, as in {@code schemas/json/meter-readings.schema.json}. */
    READING,
    /** Per message: a payload with a {@code ts} field or a {@code values} object is telemetry, any other a reading. */
    AUTO;

    public String configValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static PayloadFormat fromConfig(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }

    public static String[] configValues() {
        return Arrays.stream(values()).map(PayloadFormat::configValue).toArray(String[]::new);
    }
}
