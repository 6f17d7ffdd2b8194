package io.meterflow.simulator.scenario;

/**
 * How a simulated meter talks: polled over DLMS/COSEM TCP, publishing over MQTT, or pushing DLMS DataNotifications
 * to a listener (PUSH; ciphered when its authentication has HLS5 keys).
 */
public enum Protocol {
    DLMS, MQTT, PUSH
}
