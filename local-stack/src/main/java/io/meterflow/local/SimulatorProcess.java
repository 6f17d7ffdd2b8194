package io.meterflow.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The simulated fleet in its own JVM. The simulator links jDLMS (GPL-3.0), so the Apache-2.0 launcher runs it
 * as a separate program rather than linking it. It writes where its meters listen into the inventory table.
 */
final class SimulatorProcess implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private final Process process;

    private SimulatorProcess(Process process) {
        this.process = process;
    }

    static Path jar(Path home) {
        return home.resolve("simulator/target/meterflow-simulator-0.1.0-SNAPSHOT-all.jar");
    }

    static SimulatorProcess start(LocalStackOptions options) {
        final Path jar = jar(options.home());
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("The simulator is not built (" + jar + "): run ./meterflow local --rebuild");
        }
        final Path log = options.logDir().resolve("simulator.log");
        final List<String> command = List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-jar", jar.toString(),
                "--scenario", options.scenario().toString(),
                "--capture-period", "PT1M",
                "--jdbc-url", options.jdbcUrl(), "--jdbc-user", LocalRoles.SIMULATOR,
                "--mqtt-broker", options.mqttBroker(),
                "--push-target", "127.0.0.1:" + options.pushPort());
        try {
            Files.createDirectories(log.getParent());
            final Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            final SimulatorProcess simulator = new SimulatorProcess(process);
            simulator.awaitReady(log);
            return simulator;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the simulator", e);
        }
    }

    private void awaitReady(Path log) throws IOException {
        final Instant deadline = Instant.now().plus(READY_TIMEOUT);
        while (!Files.readString(log, StandardCharsets.UTF_8).contains("SIMULATOR_READY")) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The simulator exited with " + process.exitValue() + "; see " + log);
            }
            if (Instant.now().isAfter(deadline)) {
                close();
                throw new IllegalStateException("The simulator did not get ready within " + READY_TIMEOUT + "; see " + log);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while starting the simulator", e);
            }
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
