package io.meterflow.testing.alertmanager;

import io.meterflow.kafka.embedded.FreePorts;
import org.awaitility.Awaitility;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real Alertmanager process (Debian package prometheus-alertmanager) on a free loopback port with the given
 * configuration, its data and log in a directory of the test's; clustering off. Ready when {@link #start} returns.
 */
public final class AlertmanagerServer implements AutoCloseable {

    private static final String EXECUTABLE = System.getProperty("meterflow.test.alertmanager",
            "prometheus-alertmanager");

    private final Process process;
    private final URI base;

    private AlertmanagerServer(Process process, URI base) {
        this.process = process;
        this.base = base;
    }

    public static AlertmanagerServer start(Path config, Path dir) {
        final int port = FreePorts.onLoopback();
        final URI base = URI.create("http://127.0.0.1:" + port);
        final Process process;
        try {
            process = new ProcessBuilder(EXECUTABLE, "--config.file=" + config.toAbsolutePath(),
                    "--storage.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                    "--cluster.listen-address=")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("alertmanager.log").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + EXECUTABLE + " (Debian package prometheus-alertmanager)", e);
        }
        final AlertmanagerServer server = new AlertmanagerServer(process, base);
        final HttpClient http = HttpClient.newHttpClient();
        Awaitility.await("Alertmanager ready").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .ignoreExceptions().until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("alertmanager exited; see its log in " + dir);
                    }
                    return http.send(HttpRequest.newBuilder(base.resolve("/-/ready")).timeout(Duration.ofSeconds(5))
                            .build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                });
        return server;
    }

    /** http://127.0.0.1:port */
    public URI url() {
        return base;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
