package io.meterflow.simulator.scenario;

/**
 * One simulated meter.
 *
 * @param seed per-meter random seed, derived from the scenario seed and the meter id, so runs repeat
 * @param hdlc where the meter sits behind an HDLC gateway; null for a meter with its own TCP port (wrapper)
 */
public record MeterSpec(String meterId, Protocol protocol, Behaviour behaviour, long seed, HdlcAttachment hdlc) {

    public MeterSpec(String meterId, Protocol protocol, Behaviour behaviour, long seed) {
        this(meterId, protocol, behaviour, seed, null);
    }
}
