package io.meterflow.simulator.scenario;

/** How a simulated meter talks: polled over DLMS/COSEM TCP, or publishing over MQTT. */
public enum Protocol {
    DLMS, MQTT
}
