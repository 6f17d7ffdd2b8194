package io.meterflow.local.chaos;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The components' only way to PostgreSQL: a TCP proxy on a free loopback port in front of the machine's server.
 * {@link #cut()} closes every connection and refuses new ones, which is what the components see when their database
 * is stopped, without stopping the shared server other engineers' tests use (the suite runs as root, where
 * {@code initdb} refuses to make a private cluster). {@link #restore()} lets connections through again.
 */
final class DatabaseProxy implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseProxy.class);

    private final InetSocketAddress target;
    private final ServerSocket listener;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        final Thread t = new Thread(r, "database-proxy");
        t.setDaemon(true);
        return t;
    });
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean cut;

    private DatabaseProxy(InetSocketAddress target, ServerSocket listener) {
        this.target = target;
        this.listener = listener;
    }

    static DatabaseProxy start(String targetHost, int targetPort) {
        try {
            final ServerSocket listener = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
            final DatabaseProxy proxy = new DatabaseProxy(new InetSocketAddress(targetHost, targetPort), listener);
            proxy.threads.submit(proxy::accept);
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the database proxy", e);
        }
    }

    /** {@code 127.0.0.1:port} of the proxy, for the components' JDBC URLs. */
    String hostPort() {
        return "127.0.0.1:" + listener.getLocalPort();
    }

    /** The database is gone: every open connection is reset, new ones are refused until {@link #restore()}. */
    void cut() {
        cut = true;
        open.forEach(DatabaseProxy::closeQuietly);
        open.clear();
        LOG.info("Database cut off");
    }

    void restore() {
        cut = false;
        LOG.info("Database reachable again");
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                final Socket client = listener.accept();
                if (cut) {
                    closeQuietly(client);
                    continue;
                }
                final Socket server = new Socket();
                server.connect(target, 5_000);
                open.add(client);
                open.add(server);
                threads.submit(() -> pump(client, server));
                threads.submit(() -> pump(server, client));
            } catch (IOException e) {
                if (!listener.isClosed()) {
                    LOG.debug("Proxy accept: {}", e.toString());
                }
            }
        }
    }

    private void pump(Socket from, Socket to) {
        final byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException closed) {
            // One side went away: the other goes too.
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            open.remove(from);
            open.remove(to);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Already closed.
        }
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException ignored) {
            // Closing anyway.
        }
        open.forEach(DatabaseProxy::closeQuietly);
        threads.shutdownNow();
    }
}
