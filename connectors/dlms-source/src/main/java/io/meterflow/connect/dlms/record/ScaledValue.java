package io.meterflow.connect.dlms.record;

/** A register value with its scaler applied, as the topics carry it. */
public record ScaledValue(String obis, double value, String unit) {
}
