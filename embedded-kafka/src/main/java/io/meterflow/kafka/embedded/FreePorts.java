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
}
