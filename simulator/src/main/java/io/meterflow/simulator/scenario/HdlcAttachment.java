package io.meterflow.simulator.scenario;

/**
 * One meter on an HDLC bus: its gateway, its physical (lower HDLC) address there, and its own largest information
 * field and window.
 */
public record HdlcAttachment(String gateway, int physicalAddress, int maxInfoLength, int window) {
}
