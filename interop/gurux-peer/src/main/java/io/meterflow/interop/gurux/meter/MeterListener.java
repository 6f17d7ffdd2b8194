package io.meterflow.interop.gurux.meter;

import gurux.dlms.GXServerReply;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The meter's TCP side: accepts connections on loopback and hands every byte received to that connection's Gurux
 * server, writing back whatever it answers (Gurux collects partial frames itself).
 */
final class MeterListener {

    private final MeterOptions options;
    private final MeterState state;

    MeterListener(MeterOptions options, MeterState state) {
        this.options = options;
        this.state = state;
    }

    void run() throws IOException {
        try (ServerSocket server = new ServerSocket(options.port(), 50, InetAddress.getLoopbackAddress())) {
            MeterOutput.line("listening port=" + server.getLocalPort() + " transport=" + options.transport()
                    + " auth=" + options.auth());
            int connection = 0;
            while (true) {
                final Socket socket = server.accept();
                final int id = ++connection;
                final Thread thread = new Thread(() -> serve(socket, id), "connection-" + id);
                thread.setDaemon(true);
                thread.start();
            }
        }
    }

    private void serve(Socket socket, int id) {
        final GuruxMeterServer meter = GuruxMeterServer.create(options, state);
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            final byte[] buffer = new byte[4096];
            int read;
            while ((read = in.read(buffer)) > 0) {
                final byte[] received = Arrays.copyOf(buffer, read);
                if (options.trace()) {
                    MeterOutput.line("rx connection=" + id + " " + HexFormat.of().formatHex(received));
                }
                final GXServerReply reply = new GXServerReply(received);
                do {
                    meter.beforeRequest();
                    meter.handleRequest(reply);
                    meter.afterRequest(reply.getReply());
                    if (reply.getReply() != null) {
                        if (options.trace()) {
                            MeterOutput.line("tx connection=" + id + " " + HexFormat.of().formatHex(reply.getReply()));
                        }
                        out.write(reply.getReply());
                        out.flush();
                        reply.setData(null);
                    }
                } while (reply.isStreaming());
            }
        } catch (IOException e) {
            // the client went away: as for a meter, nothing to do
        } catch (Exception e) {
            MeterOutput.line("error connection=" + id + " " + e);
        } finally {
            try {
                meter.close();
            } catch (Exception e) {
                MeterOutput.line("error connection=" + id + " closing: " + e);
            }
        }
    }
}
