package io.meterflow.kafka.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Ports the OS reports free, for servers that must be told their port before they bind (a KRaft controller listed
 * in its own quorum voters, a Mosquitto config file). Never number ports by hand: machine services sit on 1883,
 * 4222, 4369, 5432 and more.
 */
public final class FreePorts {

    private FreePorts() {
    }

    public static int on(String host) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(host, 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port on " + host, e);
        }
    }

    public static int onLoopback() {
        return on("127.0.0.1");
    }

    /**
     * The first of {@code count} consecutive free loopback ports BELOW Linux's ephemeral range (32768-60999), for a
     * listener that clients retry while it is down: a client retrying a port inside that range can be given it as its
     * own local port and connect to itself (TCP self-connect), holding the port the listener then cannot bind.
     */
    public static int belowEphemeralRange(int count) {
        final java.util.Random random = new java.util.Random();
        for (int attempt = 0; attempt < 200; attempt++) {
            final int first = 20_000 + random.nextInt(12_000);
            if (allFree(first, count)) {
                return first;
            }
        }
        throw new UncheckedIOException(new IOException("no " + count + " consecutive free ports in 20000-32767"));
    }

    private static boolean allFree(int first, int count) {
        final java.util.List<ServerSocket> held = new java.util.ArrayList<>();
        try {
            for (int port = first; port < first + count; port++) {
                held.add(new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress()));
            }
            return true;
        } catch (IOException taken) {
            return false;
        } finally {
            for (ServerSocket socket : held) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // released
                }
            }
        }
    }
}
