package io.meterflow.simulator.dlms;

import io.meterflow.simulator.scenario.Authentication;

/**
 * Where and how a collector reaches one simulated DLMS meter.
 *
 * @param logicalDeviceId the server (destination) wrapper port
 * @param clientId        the client (source) wrapper port the meter expects for {@code auth}: 16 public client
 *                        for NONE, 17 for LOW (LLS), 1 for HLS5-GMAC
 */
public record DlmsMeterEndpoint(String meterId, String host, int port, int logicalDeviceId, int clientId,
                                Authentication auth) {
}
