package io.meterflow.simulator.dlms;

import io.meterflow.simulator.scenario.Authentication;

/**
 * Where and how a collector reaches one simulated DLMS meter.
 *
 * @param host            the meter's address, or its gateway's for an HDLC meter
 * @param port            the meter's TCP port, or its gateway's (shared by every meter on that bus)
 * @param logicalDeviceId the server wrapper port, or the upper HDLC address
 * @param clientId        the client wrapper port (client HDLC address) the meter expects for {@code auth}: 16 public
 *                        client for NONE, 17 for LOW (LLS), 1 for HLS5-GMAC
 * @param transport       WRAPPER (IEC 62056-47, a TCP port per meter) or HDLC (IEC 62056-46 behind a gateway)
 * @param physicalAddress HDLC: the lower HDLC address on the gateway's bus; 0 for WRAPPER
 * @param gateway         HDLC: the gateway's name in the scenario; null for WRAPPER
 */
public record DlmsMeterEndpoint(String meterId, String host, int port, int logicalDeviceId, int clientId,
                                Authentication auth, Transport transport, int physicalAddress, String gateway) {

    /** How the meter frames DLMS over TCP. */
    public enum Transport { WRAPPER, HDLC }

    public DlmsMeterEndpoint(String meterId, String host, int port, int logicalDeviceId, int clientId,
                             Authentication auth) {
        this(meterId, host, port, logicalDeviceId, clientId, auth, Transport.WRAPPER, 0, null);
    }
}
