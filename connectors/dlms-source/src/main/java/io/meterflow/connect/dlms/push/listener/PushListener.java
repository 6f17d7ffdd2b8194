package io.meterflow.connect.dlms.push.listener;

import io.meterflow.connect.dlms.push.delivery.PushLedger;
import io.meterflow.connect.dlms.push.metrics.PushMetrics;
import io.meterflow.connect.support.handover.HandoverQueue;
import io.meterflow.connect.support.thread.DaemonThreads;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

/**
 * Accepts meter connections on one TCP port and serves each on its own daemon thread, at most
 * {@code maxConnections} at once: one slow or hostile peer costs one thread until its timeouts end it, never the
 * others. Threads are reused (a cached pool): one whose connection ended waits a minute for the next.
 */
public final class PushListener implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PushListener.class);

    private final ServerSocket server;
    private final ListenerSettings settings;
    private final PushInterpreter interpreter;
    private final PushLedger ledger;
    private final HandoverQueue<List<SourceRecord>> handover;
    private final DeadLetters deadLetters;
    private final PushMetrics metrics;
    private final Semaphore slots;
    private final Set<PushConnection> open = ConcurrentHashMap.newKeySet();
    private final ExecutorService connectionThreads;
    private final Thread acceptor;
    private volatile boolean closed;

    private PushListener(ServerSocket server, ListenerSettings settings, PushInterpreter interpreter,
                         PushLedger ledger, HandoverQueue<List<SourceRecord>> handover, DeadLetters deadLetters,
                         PushMetrics metrics) {
        this.server = server;
        this.settings = settings;
        this.interpreter = interpreter;
        this.ledger = ledger;
        this.handover = handover;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.slots = new Semaphore(settings.maxConnections());
        // A thread per open connection, kept for a while once its connection ended: a meter connects once per push,
        // and starting a thread costs more CPU than serving the push's socket (docs/benchmarks.md, DLMS push). The
        // slots bound how many run at once.
        this.connectionThreads = Executors.newCachedThreadPool(
                DaemonThreads.numbered("dlms-push-conn-" + server.getLocalPort()));
        this.acceptor = DaemonThreads.named("dlms-push-accept-" + server.getLocalPort()).newThread(this::acceptLoop);
    }

    /** Binds and starts accepting; fails naming the address when the port is taken. */
    public static PushListener start(ListenerSettings settings, PushInterpreter interpreter, PushLedger ledger,
                                     HandoverQueue<List<SourceRecord>> handover, DeadLetters deadLetters,
                                     PushMetrics metrics) {
        final ServerSocket server;
        try {
            server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(settings.bindAddress(), settings.port()), 1_024);
        } catch (IOException e) {
            throw new ConnectException("The push listener cannot bind " + settings.bindAddress() + ":"
                    + settings.port() + ": " + e.getMessage(), e);
        }
        final PushListener listener = new PushListener(server, settings, interpreter, ledger, handover, deadLetters,
                metrics);
        listener.acceptor.start();
        LOG.info("DLMS push listener on {}:{}", settings.bindAddress(), server.getLocalPort());
        return listener;
    }

    public int port() {
        return server.getLocalPort();
    }

    public int openConnections() {
        return open.size();
    }

    private void acceptLoop() {
        while (!closed) {
            final Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("Push listener accept failed: {}", e.toString());
                }
                continue;
            }
            if (!slots.tryAcquire()) {
                metrics.connectionRefused();
                resetQuietly(socket);
                continue;
            }
            metrics.connectionAccepted();
            final PushConnection connection = new PushConnection(socket, settings, interpreter, ledger, handover,
                    deadLetters, metrics);
            open.add(connection);
            connectionThreads.execute(() -> {
                try {
                    connection.run();
                } finally {
                    open.remove(connection);
                    slots.release();
                }
            });
        }
    }

    private static void resetQuietly(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
            socket.close();
        } catch (IOException ignored) {
            // refused anyway
        }
    }

    /** Stops accepting and resets open connections: their pushes are not acknowledged, so the meters retry. */
    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            LOG.debug("Closing the push listener: {}", e.toString());
        }
        open.forEach(PushConnection::abort);
        connectionThreads.shutdown();
    }
}
