package io.meterflow.connect.dlms.hdlc;

import org.openmuc.jdlms.TcpConnectionBuilder;
import org.openmuc.jdlms.sessionlayer.client.SessionLayer;
import org.openmuc.jdlms.settings.client.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.util.concurrent.ExecutorService;

/**
 * jDLMS's TCP connection builder for HDLC that can clean up after jDLMS. When the SNRM/UA exchange ends in a runtime
 * exception instead of an IOException (jDLMS 1.8.0 throws one for a UA without parameters, and for a DM answer
 * when a raw message listener is set), jDLMS leaves the TCP connection and its reader thread open; through a
 * gateway that serves one connection at a time, that connection would lock out every meter behind it. The builder
 * keeps the session layer it made, so {@link #release()} can close what jDLMS left open.
 */
public final class HdlcConnectionBuilder extends TcpConnectionBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(HdlcConnectionBuilder.class);
    private static final Field CONNECTION = field("org.openmuc.jdlms.sessionlayer.client.HdlcLayer", "hdlcConnection");
    private static final Field TRANSPORT = field(
            "org.openmuc.jdlms.sessionlayer.hdlc.HdlcDispatcher$HdlcConnection", "transportLayer");
    private static final Field READER = field(
            "org.openmuc.jdlms.sessionlayer.hdlc.HdlcDispatcher$HdlcConnection", "connectionreaderExecutor");

    private volatile SessionLayer sessionLayer;

    public HdlcConnectionBuilder(InetAddress address) {
        super(address);
        useHdlc();
    }

    @Override
    protected SessionLayer buildSessionLayer(Settings settings) throws IOException {
        final SessionLayer layer = super.buildSessionLayer(settings);
        sessionLayer = layer;
        return layer;
    }

    /** Closes the TCP connection and stops the reader thread of a connection whose build() failed. */
    public void release() {
        final SessionLayer layer = sessionLayer;
        if (layer == null || CONNECTION == null || TRANSPORT == null || READER == null) {
            return;
        }
        try {
            final Object connection = CONNECTION.get(layer);
            ((AutoCloseable) TRANSPORT.get(connection)).close();
            final ExecutorService reader = (ExecutorService) READER.get(connection);
            if (reader != null) {
                reader.shutdownNow();
            }
        } catch (Exception e) {
            LOG.debug("releasing a failed jDLMS HDLC connection: {}", e.toString());
        }
    }

    private static Field field(String className, String name) {
        try {
            final Field field = Class.forName(className).getDeclaredField(name);
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("jDLMS has no {}.{}: an HDLC connection jDLMS leaves open after a failed SNRM cannot be closed",
                    className, name);
            return null;
        }
    }
}
