package io.meterflow.schema;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** Which connector produced a reading; serialized in lower case as the contract requires. */
public enum ReadingSource {
    DLMS, MQTT;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
