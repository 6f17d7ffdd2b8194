package io.meterflow.connect.dlms.push.listener;

import java.time.Duration;

/** How the listener treats connections (from the connector's listener settings). */
public record ListenerSettings(String bindAddress, int port, int maxConnections, Duration idleTimeout,
                               Duration frameTimeout, int maxApduBytes, Duration commitTimeout) {
}
