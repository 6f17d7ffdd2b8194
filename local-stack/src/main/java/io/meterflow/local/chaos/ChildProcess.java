package io.meterflow.local.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One component of the fault suite in its own OS process: started from a command, its output appended to a log
 * file, ready once a line of its output names it ready (or a check says so). {@link #kill()} is SIGKILL: nothing
 * of the component's own shutdown runs, as when a machine loses power under it.
 */
public final class ChildProcess {

    private final String name;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path log;
    private Process process;

    public ChildProcess(String name, List<String> command, Map<String, String> environment, Path log) {
        this.name = name;
        this.command = List.copyOf(command);
        this.environment = Map.copyOf(environment);
        this.log = log;
    }

    /**
     * A child JVM running {@code mainAndArgs} on this JVM's class path with at most {@code heap}, its logs under
     * {@code logs/<name>} and its output in {@code logs/<name>.out}.
     */
    public static ChildProcess java(String name, String heap, List<String> mainAndArgs, Map<String, String> environment,
            Path logs) {
        final List<String> command = new ArrayList<>(List.of(javaExecutable(), "-Xmx" + heap,
                "-Dmeterflow.logDir=" + logs.resolve(name), "-cp", System.getProperty("java.class.path")));
        command.addAll(mainAndArgs);
        return new ChildProcess(name, command, environment, logs.resolve(name + ".out"));
    }

    /** The java launcher of the running JVM, for child JVMs. */
    public static String javaExecutable() {
        return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    }

    public String name() {
        return name;
    }

    /** Starts it and waits until its output, since this start, contains {@code readyLine}. */
    public ChildProcess start(String readyLine, Duration timeout) {
        final long offset = launch();
        awaitReady(timeout, () -> outputSince(offset).contains(readyLine));
        return this;
    }

    /** Starts it and waits until {@code ready} holds. */
    public ChildProcess start(BooleanSupplier ready, Duration timeout) {
        launch();
        awaitReady(timeout, ready);
        return this;
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    /** SIGKILL, and wait until the OS has reaped it (its ports and files are free then). */
    public void kill() {
        if (process != null) {
            process.destroyForcibly();
            waitFor(Duration.ofSeconds(30));
        }
    }

    /** SIGTERM: the component shuts down its own way; SIGKILL after {@code grace}. */
    public void stop(Duration grace) {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!waitFor(grace)) {
                kill();
            }
        }
    }

    /** The OS process id while it runs (for /proc figures: CPU time, RSS). */
    public long pid() {
        if (process == null) {
            throw new IllegalStateException(name + " was never started");
        }
        return process.pid();
    }

    private long launch() {
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            final long offset = Files.exists(log) ? Files.size(log) : 0;
            final ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(environment);
            process = builder.start();
            return offset;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name + " (" + command.get(0) + ")", e);
        }
    }

    private void awaitReady(Duration timeout, BooleanSupplier ready) {
        final Instant deadline = Instant.now().plus(timeout);
        while (!ready.getAsBoolean()) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " while starting; see "
                        + log);
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(name + " was not ready within " + timeout + "; see " + log);
            }
            Pause.of(Duration.ofMillis(200));
        }
    }

    private String outputSince(long offset) {
        try {
            final byte[] all = Files.readAllBytes(log);
            return new String(all, (int) Math.min(offset, all.length), (int) Math.max(0, all.length - offset),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private boolean waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
