package io.meterflow.schema;

import java.util.Objects;

/**
 * One register value with the DLMS scaler already applied.
 *
 * @param obis  OBIS code in dotted form, e.g. {@code 1.0.1.8.0.255}
 * @param value the scaled value
 * @param unit  the DLMS unit symbol ({@code Wh}, {@code W}, {@code V}), or null when unitless
 */
public record MeterValue(String obis, double value, String unit) {

    public MeterValue {
        Objects.requireNonNull(obis, "obis");
    }
}
