package io.meterflow.simulator.scenario;

/** {@code count} meters that behave alike, named {@code idPrefix} followed by a 4-digit number from 0001. */
public record MeterGroup(String idPrefix, int count, Protocol protocol, Behaviour behaviour) {
}
