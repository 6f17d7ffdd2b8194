package io.meterflow.simulator.dlms.hdlc;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A serial-to-TCP gateway in front of an RS-485 bus of HDLC meters: one TCP port for all of them. It forwards
 * every frame to the meter whose physical (lower HDLC) address it names; a frame for an address nobody has, or for
 * a meter that is silent, gets no answer, as on a real bus. A frame without a lower address reaches the meter only
 * when it is alone on the bus. Frames with a wrong check sequence are dropped.
 *
 * <p>The bus carries one conversation: the gateway serves one TCP connection at a time. A second connection is
 * queued, not refused: the operating system completes its handshake and holds what it sends until the first
 * connection ends (a collector then waits up to its response timeout for the answer). When a connection ends, the
 * meters drop their links to it, as their inactivity timeout would.
 */
public final class HdlcGateway implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HdlcGateway.class);

    private final String name;
    private final ServerSocket listener;
    private final Map<Integer, HdlcStation> stations;
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong discardedFrames = new AtomicLong();
    private volatile Socket current;
    private volatile boolean running = true;

    private HdlcGateway(String name, ServerSocket listener, List<HdlcStation> stations) {
        this.name = name;
        this.listener = listener;
        this.stations = stations.stream().collect(Collectors.toMap(HdlcStation::physicalAddress,
                Function.identity()));
    }

    /** Binds a free port on {@code host}: the port is known before the meters are built. */
    public static ServerSocket bind(String host) throws IOException {
        final ServerSocket listener = new ServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getByName(host), 0), 50);
        return listener;
    }

    /** Starts serving the meters on the bus behind {@code listener}. */
    public static HdlcGateway start(String name, ServerSocket listener, List<HdlcStation> stations) {
        final HdlcGateway gateway = new HdlcGateway(name, listener, stations);
        final Thread thread = new Thread(gateway::serve, "hdlc-gateway-" + name);
        thread.setDaemon(true);
        thread.start();
        return gateway;
    }

    public String name() {
        return name;
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** TCP connections the gateway served (or is serving). */
    public long connectionsAccepted() {
        return connections.get();
    }

    /** Bytes between flags that were no valid frame (bad check sequence, format, length), dropped unanswered. */
    public long discardedFrames() {
        return discardedFrames.get();
    }

    private void serve() {
        while (running) {
            try (Socket socket = listener.accept()) {
                current = socket;
                connections.incrementAndGet();
                socket.setTcpNoDelay(true);
                converse(socket);
            } catch (IOException e) {
                if (running && !(e instanceof EOFException) && !(e instanceof SocketException)) {
                    LOG.warn("Gateway {}: connection failed: {}", name, e.toString());
                }
            } finally {
                current = null;
                stations.values().forEach(HdlcStation::dropLinks);
            }
        }
    }

    private void converse(Socket socket) throws IOException {
        final InputStream in = socket.getInputStream();
        final FrameSink sink = new SocketSink(socket.getOutputStream());
        final HdlcFrameReader reader = new HdlcFrameReader(in);
        while (running) {
            final HdlcFrameReader.Result next = reader.next();
            if (next instanceof HdlcFrameReader.Frame f) {
                route(f.frame(), sink, socket.getInetAddress());
            } else if (next instanceof HdlcFrameReader.Invalid invalid) {
                discardedFrames.incrementAndGet();
                LOG.debug("Gateway {}: frame dropped: {}", name, invalid.reason());
            }
        }
    }

    private void route(HdlcFrame frame, FrameSink sink, InetAddress from) throws IOException {
        final HdlcStation station = frame.destination().size() == 1
                ? (stations.size() == 1 ? stations.values().iterator().next() : null)
                : stations.get(frame.destination().lower());
        if (station != null) {
            station.onFrame(frame, sink, from);
        }
    }

    /** Cuts the current TCP connection (a gateway restart, a line drop); the gateway keeps listening. */
    public void dropConnection() {
        final Socket socket = current;
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // gone either way
            }
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing
        }
        dropConnection();
        stations.values().forEach(HdlcStation::dropLinks);
    }

    /** The bus towards the collector: frames from several meters' threads, one at a time. */
    private static final class SocketSink implements FrameSink {
        private final OutputStream out;

        SocketSink(OutputStream out) {
            this.out = out;
        }

        @Override
        public synchronized void send(HdlcFrame frame) throws IOException {
            out.write(frame.encode());
            out.flush();
        }
    }
}
