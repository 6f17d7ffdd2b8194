package io.meterflow.simulator.dlms.transport;

import org.openmuc.jdlms.DataDirectory;
import org.openmuc.jdlms.DlmsServer;
import org.openmuc.jdlms.ServerBuilder;
import org.openmuc.jdlms.transportlayer.server.ServerTransportLayer;

import java.io.IOException;
import java.util.function.BiFunction;

/**
 * A jDLMS server builder whose TCP transport is ours ({@link FaultyTcpTransport}), so the simulator owns the
 * listening socket (bound to a free port on one address) and every accepted connection (to inject failures).
 */
public final class MeterServerBuilder extends ServerBuilder<MeterServerBuilder> {

    private final int inactivityTimeoutMs;

    public MeterServerBuilder(int inactivityTimeoutMs) {
        this.inactivityTimeoutMs = inactivityTimeoutMs;
        setInactivityTimeout(inactivityTimeoutMs);
    }

    /** The parsed COSEM objects of the registered logical devices, for an association to serve. */
    public DataDirectory directory() {
        return parseLogicalDevices();
    }

    public DlmsServer.TcpServerSettingsImpl settings(int port) {
        final DlmsServer.TcpServerSettingsImpl settings = new DlmsServer.TcpServerSettingsImpl(port);
        setPropertiesTo(settings);
        return settings;
    }

    /** Starts a server on the transport made from this builder's directory and settings. */
    public DlmsServer start(int port,
                            BiFunction<DataDirectory, DlmsServer.TcpServerSettingsImpl, ServerTransportLayer> transport)
            throws IOException {
        return newServer(transport.apply(directory(), settings(port)));
    }

    @Override
    public DlmsServer build() {
        throw new UnsupportedOperationException("use start(port, transport); inactivity " + inactivityTimeoutMs);
    }
}
