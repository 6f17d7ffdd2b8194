package io.meterflow.simulator.scenario;

/**
 * One simulated meter.
 *
 * @param seed per-meter random seed, derived from the scenario seed and the meter id, so runs repeat
 */
public record MeterSpec(String meterId, Protocol protocol, Behaviour behaviour, long seed) {
}
