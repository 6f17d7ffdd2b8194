package io.meterflow.testing.connect;

import io.meterflow.kafka.embedded.ConnectRestClient;
import io.meterflow.kafka.embedded.ConnectWorkerMain;
import io.meterflow.kafka.embedded.EmbeddedConnectWorker;
import org.awaitility.Awaitility;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Collectors;

/**
 * A Connect worker in a child JVM, so a test can crash it with SIGKILL ({@link #kill()}) the way a real worker
 * dies. Its classpath is the test's own, minus the entries the test excludes: exclude the connector's own
 * classes so the worker loads the connector only from the packaged plugin on {@code plugin.path}.
 */
public final class ConnectWorkerProcess implements AutoCloseable {

    /**
     * For the short-lived JVMs tests start (a worker lives for seconds to a minute): the C1 compiler only, so the
     * child spends its start-up running code instead of compiling it with C2 on a 2-core machine. What the JVM runs
     * is the same; only how its bytecode is compiled differs.
     */
    public static final List<String> CHILD_JVM_FLAGS = List.of("-XX:TieredStopAtLevel=1");

    private final Process process;
    private final URI restUrl;
    private final Path log;

    private ConnectWorkerProcess(Process process, URI restUrl, Path log) {
        this.process = process;
        this.restUrl = restUrl;
        this.log = log;
    }

    /**
     * Starts the worker described by {@code worker} and waits until its REST API answers.
     *
     * @param excludeFromClasspath classpath entries the child must not see
     * @param logFile              where the child's output goes
     */
    public static ConnectWorkerProcess start(EmbeddedConnectWorker.Builder worker, Predicate<String> excludeFromClasspath,
                                             Path logFile) {
        final Map<String, String> props = worker.workerProperties();
        final List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        command.addAll(CHILD_JVM_FLAGS);
        command.add("-cp");
        command.add(expandedClasspath().stream().filter(excludeFromClasspath.negate())
                .collect(Collectors.joining(File.pathSeparator)));
        command.add(ConnectWorkerMain.class.getName());
        props.forEach((k, v) -> command.add(k + "=" + v));
        try {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            final Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(logFile.toFile()).start();
            final URI url = URI.create(props.get("listeners").split(",")[0].trim());
            final ConnectWorkerProcess child = new ConnectWorkerProcess(process, url, logFile);
            try {
                child.awaitReady();
            } catch (RuntimeException | Error notReady) {
                // The caller gets no handle to close: a worker that never got ready would outlive the test.
                child.kill();
                throw notReady;
            }
            return child;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start a Connect worker process", e);
        }
    }

    public URI restUrl() {
        return restUrl;
    }

    public ConnectRestClient rest() {
        return new ConnectRestClient(restUrl);
    }

    public long pid() {
        return process.pid();
    }

    /** SIGKILL: no shutdown hook runs, no offsets are flushed, nothing is closed cleanly. */
    public void kill() {
        process.destroyForcibly();
        waitForExit(Duration.ofSeconds(30));
    }

    /** SIGTERM and wait: the worker stops its tasks and commits offsets. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            if (!waitForExit(Duration.ofSeconds(30))) {
                kill();
            }
        }
    }

    private void awaitReady() {
        Awaitility.await("Connect worker process ready (log: " + log + ")")
                .atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("Connect worker process exited with " + process.exitValue()
                                + "; see " + log);
                    }
                    return Files.readString(log, StandardCharsets.UTF_8).contains("CONNECT_READY");
                });
    }

    private boolean waitForExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The test JVM's classpath, with surefire's manifest-only booter jar opened up into its entries. */
    public static List<String> expandedClasspath() {
        final List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            final List<String> fromManifest = manifestClassPath(entry);
            if (fromManifest.isEmpty()) {
                entries.add(entry);
            } else {
                entries.addAll(fromManifest);
            }
        }
        return entries;
    }

    private static List<String> manifestClassPath(String entry) {
        if (!entry.endsWith(".jar") || !Path.of(entry).getFileName().toString().startsWith("surefire")) {
            return List.of();
        }
        try (JarFile jar = new JarFile(entry)) {
            final Manifest manifest = jar.getManifest();
            final String classPath = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
            if (classPath == null) {
                return List.of();
            }
            return Arrays.stream(classPath.trim().split("\\s+"))
                    .map(uri -> Paths.get(URI.create(uri)).toString())
                    .toList();
        } catch (IOException | IllegalArgumentException e) {
            return List.of();
        }
    }
}
