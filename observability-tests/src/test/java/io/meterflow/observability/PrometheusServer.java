package io.meterflow.observability;

import io.meterflow.kafka.embedded.FreePorts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.awaitility.Awaitility;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real Prometheus server (the {@code prometheus} binary, Debian package) in a child process, on a free port,
 * scraping the given targets and evaluating the given rule files; read through its HTTP API.
 */
final class PrometheusServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Process process;
    private final URI base;
    private final HttpClient http = HttpClient.newHttpClient();

    private PrometheusServer(Process process, URI base) {
        this.process = process;
        this.base = base;
    }

    /**
     * @param jobs     job name to {@code host:port} target (path /metrics)
     * @param interval scrape and rule evaluation interval
     */
    static PrometheusServer start(Path dir, Map<String, String> jobs, List<Path> ruleFiles, Duration interval) {
        try {
            final int port = FreePorts.onLoopback();
            final Path config = dir.resolve("prometheus.yml");
            Files.writeString(config, config(jobs, ruleFiles, interval, port), StandardCharsets.UTF_8);
            final Process process = new ProcessBuilder("prometheus", "--config.file=" + config,
                    "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                    .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
            final PrometheusServer server = new PrometheusServer(process, URI.create("http://127.0.0.1:" + port));
            Awaitility.await("Prometheus ready").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                    .ignoreExceptions().until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("prometheus exited; see " + dir.resolve("prometheus.log"));
                        }
                        return server.get("/-/ready").statusCode() == 200;
                    });
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start prometheus (Debian package 'prometheus')", e);
        }
    }

    private static String config(Map<String, String> jobs, List<Path> ruleFiles, Duration interval, int port) {
        final StringBuilder yaml = new StringBuilder()
                .append("global:\n  scrape_interval: ").append(interval.toSeconds()).append("s\n")
                .append("  evaluation_interval: ").append(interval.toSeconds()).append("s\n")
                .append("rule_files:\n");
        ruleFiles.forEach(f -> yaml.append("  - ").append(f.toAbsolutePath()).append('\n'));
        yaml.append("scrape_configs:\n");
        jobs.forEach((job, target) -> yaml.append("  - job_name: ").append(job).append('\n')
                .append("    static_configs:\n      - targets: ['").append(target).append("']\n"));
        yaml.append("  - job_name: prometheus\n    static_configs:\n      - targets: ['127.0.0.1:").append(port).append("']\n");
        return yaml.toString();
    }

    /** Alerts in state firing, as {@code alertname{label=value,...}} sorted by label name. */
    List<String> firingAlerts() {
        final List<String> firing = new ArrayList<>();
        for (JsonNode alert : api("/api/v1/alerts").path("alerts")) {
            if ("firing".equals(alert.path("state").asText())) {
                final Map<String, String> labels = new java.util.TreeMap<>();
                alert.path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
                final String name = labels.remove("alertname");
                firing.add(name + labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining(",", "{", "}")));
            }
        }
        return firing;
    }

    TreeSet<String> labelNames() {
        final TreeSet<String> names = new TreeSet<>();
        api("/api/v1/labels").forEach(n -> names.add(n.asText()));
        return names;
    }

    TreeSet<String> metricNames() {
        final TreeSet<String> names = new TreeSet<>();
        api("/api/v1/label/__name__/values").forEach(n -> names.add(n.asText()));
        return names;
    }

    /** Instant query; the result vector. */
    JsonNode query(String promql) {
        return api("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)).path("result");
    }

    /** Target health by job: "up", "down" or "unknown". */
    Map<String, String> targetHealth() {
        final Map<String, String> health = new java.util.TreeMap<>();
        for (JsonNode target : api("/api/v1/targets").path("activeTargets")) {
            health.put(target.path("labels").path("job").asText(), target.path("health").asText()
                    + (target.path("lastError").asText().isEmpty() ? "" : " (" + target.path("lastError").asText() + ")"));
        }
        return health;
    }

    private JsonNode api(String path) {
        try {
            final HttpResponse<String> response = get(path);
            final JsonNode body = JSON.readTree(response.body());
            if (response.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
                throw new IllegalStateException("Prometheus " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            return body.path("data");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
