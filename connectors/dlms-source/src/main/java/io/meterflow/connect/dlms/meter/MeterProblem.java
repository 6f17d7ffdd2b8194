package io.meterflow.connect.dlms.meter;

import io.meterflow.schema.ReadingStatus;

/**
 * Why a meter's definition cannot be used to poll it, naming the meter and the setting or column (never a secret's
 * value), and the reading status its cycles report until the definition is fixed.
 */
public record MeterProblem(ReadingStatus status, String message) {
}
