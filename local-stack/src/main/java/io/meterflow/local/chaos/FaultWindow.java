package io.meterflow.local.chaos;

/**
 * A stretch of time in which a fault makes a loss the verifier reports apart, because no MeterFlow component can
 * prevent it: what the MQTT broker accepted while its subscriptions were gone, or a DLMS poll cut off by the death or
 * stop of the task that ran it (the meter answered, the reading died with the task: a polled register is a sample
 * that cannot be asked for again; the next poll reads the cumulative register, and the load-profile rows, whose
 * source offsets were not committed, are read again, so no energy and no interval is lost).
 */
record FaultWindow(Cause cause, long fromMs, long toMs) {

    enum Cause { MQTT_BROKER_RESTART, POLL_CUT }

    boolean covers(long ms) {
        return ms >= fromMs && ms <= toMs;
    }
}
