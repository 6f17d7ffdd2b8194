package io.meterflow.simulator.mqtt;

/** What a simulated MQTT meter publishes. */
enum PayloadStyle {
    /** {@code {"ts": <meter clock, epoch ms>, "values": {<OBIS code>: <number>}}}, as most meters and gateways do. */
    TELEMETRY,
    /** A complete MeterFlow reading (meter-readings schema), as a gateway that polls meters itself would send. */
    READING;

    /** Every fourth MQTT meter of a fleet is such a gateway; the rest publish telemetry. */
    static PayloadStyle forMeter(int indexInFleet) {
        return indexInFleet % 4 == 3 ? READING : TELEMETRY;
    }
}
