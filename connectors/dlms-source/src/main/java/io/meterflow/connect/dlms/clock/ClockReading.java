package io.meterflow.connect.dlms.clock;

/**
 * One read of a meter's clock: what it showed and when, in true time, the request went out and came back.
 * The meter's answer is placed at the request's midpoint, as the clock-drift stream does.
 */
public record ClockReading(long meterTime, long collectedAt, long latencyMs) {

    /** Meter clock minus true time; positive means the meter runs ahead. */
    public long offsetMs() {
        return meterTime - (collectedAt - latencyMs / 2);
    }
}
