package io.meterflow.local.chaos;

/**
 * A stretch of time in which a fault makes a loss the verifier reports apart, because no MeterFlow component can
 * prevent it: what the MQTT broker accepted while its subscriptions were gone, or a DLMS poll cut off by the death of
 * the worker that ran it (the meter answered, the reading died with the worker; the next poll reads the cumulative
 * register again, so no energy is lost).
 */
record FaultWindow(Cause cause, long fromMs, long toMs) {

    enum Cause { MQTT_BROKER_RESTART, POLL_CUT }

    boolean covers(long ms) {
        return ms >= fromMs && ms <= toMs;
    }
}
