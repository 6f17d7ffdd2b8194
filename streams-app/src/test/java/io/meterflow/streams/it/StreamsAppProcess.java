package io.meterflow.streams.it;

import io.meterflow.testing.connect.ConnectWorkerProcess;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@link StreamsAppChild} in its own JVM, started with this test JVM's classpath, to be killed with SIGKILL. */
final class StreamsAppProcess {

    private final Process process;

    private StreamsAppProcess(Process process) {
        this.process = process;
    }

    static StreamsAppProcess start(Path configFile, Path logFile) {
        final List<String> command = new ArrayList<>(List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m"));
        command.addAll(ConnectWorkerProcess.CHILD_JVM_FLAGS);
        command.addAll(List.of("-cp", String.join(File.pathSeparator, ConnectWorkerProcess.expandedClasspath()),
                StreamsAppChild.class.getName(), configFile.toString()));
        try {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            return new StreamsAppProcess(new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the streams app process", e);
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no commit, no leaving the group; open transactions stay open. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }
}
