package io.meterflow.bench.push;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The baseline: the least a push listener must do, with the connector's threading model (a thread per open
 * connection, taken from a pool that keeps ended connections' threads, as {@code PushListener} does). It accepts,
 * reads one wrapper frame (header and APDU), writes the empty acknowledgement frame and closes once the peer does.
 * No decoding, no Kafka.
 */
final class BareTcpListener implements AutoCloseable {

    private final ServerSocket server;
    private final ExecutorService connectionThreads = Executors.newCachedThreadPool(r -> {
        final Thread t = new Thread(r, "bare-conn");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closed;

    BareTcpListener() throws IOException {
        server = new ServerSocket(0, 1_024, InetAddress.getLoopbackAddress());
        final Thread acceptor = new Thread(this::acceptLoop, "bare-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                final Socket socket = server.accept();
                connectionThreads.execute(() -> serve(socket));
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("bare listener: " + e);
                }
            }
        }
    }

    private static void serve(Socket socket) {
        try (socket) {
            final DataInputStream in = new DataInputStream(socket.getInputStream());
            final byte[] header = new byte[8];
            in.readFully(header);
            final int length = (header[6] & 0xff) << 8 | header[7] & 0xff;
            in.readFully(new byte[length]);
            final OutputStream out = socket.getOutputStream();
            out.write(new byte[] {0, 1, header[4], header[5], header[2], header[3], 0, 0});
            out.flush();
            final InputStream rest = socket.getInputStream();
            while (rest.read() >= 0) {
                // until the meter closes
            }
        } catch (IOException e) {
            // a broken connection costs the baseline nothing extra
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        connectionThreads.shutdown();
    }
}
