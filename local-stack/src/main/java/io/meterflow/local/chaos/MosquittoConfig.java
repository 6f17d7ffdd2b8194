package io.meterflow.local.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The suite's Mosquitto: its own process on a free port. Persistence saved after every change
 * ({@code autosave_on_changes} with {@code autosave_interval 1}), because the suite SIGKILLs it and a broker killed
 * between two periodic saves would lose the sessions' queues; {@code max_queued_messages} raised as docs/mqtt.md asks.
 */
public final class MosquittoConfig {

    public static final String EXECUTABLE = System.getProperty("meterflow.mosquitto", "/usr/sbin/mosquitto");

    private MosquittoConfig() {
    }

    public static Path write(Path dir, int port) {
        final List<String> lines = List.of(
                "listener " + port + " 127.0.0.1",
                "allow_anonymous true",
                // As root, Mosquitto would switch to the 'mosquitto' user, which cannot write in dir.
                "user " + System.getProperty("user.name"),
                "persistence true",
                "persistence_location " + dir.toAbsolutePath() + "/",
                "autosave_on_changes true",
                "autosave_interval 1",
                "max_queued_messages 1000000",
                "max_inflight_messages 100",
                "log_dest file " + dir.toAbsolutePath().resolve("mosquitto.log"),
                "log_type error",
                "log_type warning",
                "log_type notice",
                "log_type information");
        return writeFile(dir, lines);
    }

    /** Writes {@code lines} as {@code mosquitto.conf} in {@code dir} and returns its path. */
    public static Path writeFile(Path dir, List<String> lines) {
        try {
            Files.createDirectories(dir);
            final Path file = dir.resolve("mosquitto.conf");
            Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the Mosquitto config in " + dir, e);
        }
    }
}
