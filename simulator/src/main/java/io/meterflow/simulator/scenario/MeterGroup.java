package io.meterflow.simulator.scenario;

/**
 * {@code count} meters that behave alike, named {@code idPrefix} followed by a 4-digit number from 0001.
 *
 * @param hdlc for DLMS meters behind a serial gateway (HDLC over TCP); absent for meters with their own TCP port
 *             (IEC 62056-47 wrapper)
 */
public record MeterGroup(String idPrefix, int count, Protocol protocol, Behaviour behaviour, HdlcBus hdlc) {
}
