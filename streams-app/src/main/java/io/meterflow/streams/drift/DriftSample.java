package io.meterflow.streams.drift;

/** One clock-drift measurement: when it was collected and how far the meter clock was off. */
public record DriftSample(long at, long driftMs) {
}
