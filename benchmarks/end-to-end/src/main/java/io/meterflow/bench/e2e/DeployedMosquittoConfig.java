package io.meterflow.bench.e2e;

import io.meterflow.local.chaos.MosquittoConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The harness's Mosquitto runs with the settings MeterFlow deploys it with ({@code deploy/mosquitto/mosquitto.conf}:
 * persistence on with Mosquitto's periodic save, {@code max_queued_messages} and {@code max_inflight_messages} as
 * shipped), only its listener, files and user adapted to this machine. Not the fault suite's config
 * ({@link MosquittoConfig}): that one saves the whole database after every change because the suite SIGKILLs the
 * broker, and at benchmark rates those saves (the database with every queued message, written and fsynced up to
 * ~50 times a second) were what limited the MQTT hop.
 */
final class DeployedMosquittoConfig {

    private static final Set<String> MACHINE_SPECIFIC = Set.of("listener", "persistence_location", "log_dest", "user");

    private DeployedMosquittoConfig() {
    }

    /** Writes the config into {@code dir} and returns its path; {@code chaos} writes the fault suite's instead. */
    static Path write(Path home, Path dir, int port, boolean chaos) {
        if (chaos) {
            return MosquittoConfig.write(dir, port);
        }
        final List<String> lines = new ArrayList<>(List.of(
                "listener " + port + " 127.0.0.1",
                // As root, Mosquitto would switch to the 'mosquitto' user, which cannot write in dir.
                "user " + System.getProperty("user.name"),
                "persistence_location " + dir.toAbsolutePath() + "/",
                "log_dest file " + dir.toAbsolutePath().resolve("mosquitto.log")));
        try {
            for (String line : Files.readAllLines(home.resolve("deploy/mosquitto/mosquitto.conf"))) {
                final String key = line.strip().split("\\s+", 2)[0];
                if (!line.isBlank() && !line.startsWith("#") && !MACHINE_SPECIFIC.contains(key)) {
                    lines.add(line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read deploy/mosquitto/mosquitto.conf under " + home, e);
        }
        return MosquittoConfig.writeFile(dir, lines);
    }
}
