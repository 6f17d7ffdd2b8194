package io.meterflow.simulator.dlms.transport;

import io.meterflow.simulator.dlms.fault.FaultInjector;
import io.meterflow.simulator.dlms.security.InvocationCounters;
import org.openmuc.jdlms.DataDirectory;
import org.openmuc.jdlms.internal.association.Association;
import org.openmuc.jdlms.internal.transportlayer.server.ServerTcpLayer;
import org.openmuc.jdlms.sessionlayer.server.ServerSessionLayer;
import org.openmuc.jdlms.sessionlayer.server.ServerSessionLayerFactories;
import org.openmuc.jdlms.settings.server.ServerSettings;
import org.openmuc.jdlms.transportlayer.server.ServerTransportLayer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The TCP side of one simulated meter (IEC 62056-47 wrapper): accepts connections on a socket the simulator bound,
 * lets the {@link FaultInjector} refuse, ignore or mis-authenticate each one, and runs a jDLMS association on the
 * rest. Authentication rejects are served by a decoy directory whose logical device demands other credentials, so
 * the client sees exactly what a meter with different keys would answer. An HLS meter's connections pass its
 * {@link InvocationCounters} check first ({@link ReplayCheckingInput}).
 */
public final class FaultyTcpTransport implements ServerTransportLayer {

    private static final Logger LOG = LoggerFactory.getLogger(FaultyTcpTransport.class);

    private final String meterId;
    private final ServerSocket listener;
    private final DataDirectory directory;
    private final DataDirectory decoy;
    private final ServerSettings settings;
    private final FaultInjector faults;
    private final Duration latency;
    private final ExecutorService associations;
    private final LongSupplier clock;
    private final ConnectionCounter connections;
    private final InvocationCounters invocationCounters;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong connectionIds = new AtomicLong();
    private volatile boolean running = true;

    public FaultyTcpTransport(String meterId, ServerSocket listener, DataDirectory directory, DataDirectory decoy,
                              ServerSettings settings, FaultInjector faults, Duration latency,
                              ExecutorService associations, LongSupplier clock, ConnectionCounter connections,
                              InvocationCounters invocationCounters) {
        this.meterId = meterId;
        this.listener = listener;
        this.directory = directory;
        this.decoy = decoy;
        this.settings = settings;
        this.faults = faults;
        this.latency = latency;
        this.associations = associations;
        this.clock = clock;
        this.connections = connections;
        this.invocationCounters = invocationCounters;
    }

    @Override
    public void start() {
        final Thread acceptor = new Thread(this::acceptLoop, "dlms-meter-" + meterId);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Stops accepting and cuts every open connection. */
    @Override
    public void close() throws IOException {
        running = false;
        listener.close();
        for (Socket socket : open) {
            closeQuietly(socket);
        }
    }

    /** Cuts every open connection, as a meter does at its inactivity timeout or a power dip; keeps listening. */
    public void dropConnections() {
        for (Socket socket : open) {
            closeQuietly(socket);
        }
    }

    private void acceptLoop() {
        while (running) {
            try {
                final Socket socket = listener.accept();
                connections.accepted(clock.getAsLong());
                socket.setTcpNoDelay(true);
                serve(socket);
            } catch (IOException e) {
                if (running) {
                    LOG.warn("Meter {}: accept failed: {}", meterId, e.toString());
                }
            }
        }
    }

    private void serve(Socket socket) throws IOException {
        final FaultInjector.ConnectionFate fate = faults.onAccept(clock.getAsLong());
        if (fate == FaultInjector.ConnectionFate.REFUSE) {
            // A reset straight after the handshake: the client sees "connection reset", as from a closed port.
            socket.setSoLinger(true, 0);
            socket.close();
            return;
        }
        open.add(socket);
        final boolean silent = fate == FaultInjector.ConnectionFate.IGNORE;
        final FaultyStreamAccessor streams = new FaultyStreamAccessor(socket, faults, latency, silent, clock,
                invocationCounters == null ? null : new ReplayCheckingInput(meterId, socket, invocationCounters,
                        fate != FaultInjector.ConnectionFate.REJECT_AUTH));
        final ServerSessionLayer session = ServerSessionLayerFactories.newWrapperSessionLayerFactory()
                .newSesssionLayer(streams, settings);
        final DataDirectory served = fate == FaultInjector.ConnectionFate.REJECT_AUTH ? decoy : directory;
        final Association association = new Association(served, session, connectionIds.incrementAndGet(), settings,
                new ServerTcpLayer.TcpServerConnectionInformation(socket.getInetAddress()));
        AssociationBuffers.shrink(association);
        try {
            associations.execute(() -> {
                try {
                    association.run();
                } finally {
                    open.remove(socket);
                    closeQuietly(socket);
                }
            });
        } catch (RuntimeException rejected) {
            open.remove(socket);
            closeQuietly(socket);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException | RuntimeException e) {
            if (!(e instanceof SocketException)) {
                LOG.debug("closing a meter connection: {}", e.toString());
            }
        }
    }
}
