package io.meterflow.testing.mqtt;

import io.meterflow.kafka.embedded.FreePorts;

import org.awaitility.Awaitility;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Mosquitto broker process ({@code /usr/sbin/mosquitto}) on a free loopback port, with a config file
 * written here: persistence on (so a restart keeps sessions and queued QoS 1 messages), and
 * {@code max_queued_messages} raised, because Mosquitto's default of 1000 silently drops QoS 1 messages for a
 * lagging subscriber. {@link #restart()} stops it (SIGTERM, which saves the persistence file) and starts it again
 * on the same port.
 */
public final class MosquittoBroker implements AutoCloseable {

    private static final String EXECUTABLE = System.getProperty("meterflow.test.mosquitto", "/usr/sbin/mosquitto");

    private final Path dir;
    private final int port;
    private Process process;

    private MosquittoBroker(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Starts a broker keeping its config, persistence file and log in {@code dir}. */
    public static MosquittoBroker start(Path dir) {
        return start(dir, 1_000_000, 20);
    }

    /**
     * @param maxQueuedMessages per-client queue of QoS 1 messages beyond those in flight
     * @param maxInflightMessages unacknowledged QoS 1 messages the broker sends one client before waiting
     */
    public static MosquittoBroker start(Path dir, int maxQueuedMessages, int maxInflightMessages) {
        return start(dir, maxQueuedMessages, maxInflightMessages, List.of());
    }

    /**
     * @param extraConfig further config lines, e.g. {@code certfile ...} for a TLS listener or
     *                    {@code allow_anonymous false} with a {@code password_file} (they replace the defaults)
     */
    public static MosquittoBroker start(Path dir, int maxQueuedMessages, int maxInflightMessages,
                                        List<String> extraConfig) {
        final MosquittoBroker broker = new MosquittoBroker(dir, FreePorts.onLoopback());
        broker.writeConfig(maxQueuedMessages, maxInflightMessages, extraConfig);
        broker.launch();
        return broker;
    }

    public String uri() {
        return "tcp://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Path log() {
        return dir.resolve("mosquitto.log");
    }

    /** SIGTERM (the broker saves its persistence file), then the same broker again on the same port. */
    public void restart() {
        stop();
        launch();
    }

    public void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void writeConfig(int maxQueuedMessages, int maxInflightMessages, List<String> extraConfig) {
        final boolean anonymousSet = extraConfig.stream().anyMatch(l -> l.startsWith("allow_anonymous"));
        final List<String> lines = new ArrayList<>(List.of(
                "listener " + port + " 127.0.0.1",
                // Running as root, Mosquitto would switch to the 'mosquitto' user and could not write in dir.
                "user " + System.getProperty("user.name"),
                "persistence true",
                "persistence_location " + dir.toAbsolutePath() + "/",
                "autosave_interval 60",
                "max_queued_messages " + maxQueuedMessages,
                "max_inflight_messages " + maxInflightMessages,
                "log_dest file " + log().toAbsolutePath(),
                "log_type error",
                "log_type warning",
                "log_type notice",
                "log_type information"));
        if (!anonymousSet) {
            lines.add("allow_anonymous true");
        }
        lines.addAll(extraConfig);
        final String config = String.join("\n", lines) + "\n";
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("mosquitto.conf"), config, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the Mosquitto config in " + dir, e);
        }
    }

    private void launch() {
        try {
            process = new ProcessBuilder(EXECUTABLE, "-c", dir.resolve("mosquitto.conf").toAbsolutePath().toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("mosquitto.out").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + EXECUTABLE, e);
        }
        Awaitility.await("Mosquitto accepting on port " + port + " (log: " + log() + ")")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("Mosquitto exited with " + process.exitValue() + "; see "
                                + dir.resolve("mosquitto.out") + " and " + log());
                    }
                    return accepts();
                });
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
