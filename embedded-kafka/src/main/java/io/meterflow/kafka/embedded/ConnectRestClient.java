package io.meterflow.kafka.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Predicate;

/** The parts of Kafka Connect's REST API that tests and the local stack use. */
public final class ConnectRestClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public ConnectRestClient(URI base) {
        this.base = base;
    }

    /** Creates the connector or updates its config ({@code PUT /connectors/{name}/config}). */
    public JsonNode putConnector(String name, Map<String, String> config) {
        return expectOk(send("PUT", "/connectors/" + name + "/config", config), "configure connector " + name);
    }

    /** {@code GET /connectors/{name}/status}: connector and task states, with traces of failures. */
    public JsonNode status(String name) {
        return expectOk(send("GET", "/connectors/" + name + "/status", null), "status of " + name);
    }

    /** {@code PUT /connector-plugins/{class}/config/validate}: per-setting errors, as Connect reports them. */
    public JsonNode validate(String connectorClass, Map<String, String> config) {
        final String simpleName = connectorClass.substring(connectorClass.lastIndexOf('.') + 1);
        return expectOk(send("PUT", "/connector-plugins/" + simpleName + "/config/validate", config),
                "validate " + connectorClass);
    }

    /** {@code GET /connectors/{name}/offsets}: the source offsets or sink positions Connect holds. */
    public JsonNode offsets(String name) {
        return expectOk(send("GET", "/connectors/" + name + "/offsets", null), "offsets of " + name);
    }

    public void delete(String name) {
        final Response r = send("DELETE", "/connectors/" + name, null);
        if (r.status() != 204 && r.status() != 404) {
            throw new IllegalStateException("delete connector " + name + ": HTTP " + r.status() + " " + r.body());
        }
    }

    /** Any request; the caller judges the status. */
    public Response send(String method, String path, Object body) {
        try {
            final HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                    .timeout(Duration.ofSeconds(30))
                    .header("Accept", "application/json");
            if (body != null) {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
            } else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            final HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + base.resolve(path) + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted: " + method + " " + path, e);
        }
    }

    /** Waits until the worker's {@code GET /health} says it is ready. */
    public void awaitHealthy(Duration timeout) {
        awaitCondition(timeout, "Connect worker at " + base + " healthy", () -> {
            try {
                return send("GET", "/health", null).status() == 200;
            } catch (IllegalStateException notYet) {
                return false;
            }
        });
    }

    /** Waits until the connector and {@code tasks} tasks are RUNNING; fails early, with the trace, if one FAILED. */
    public JsonNode awaitRunning(String name, int tasks, Duration timeout) {
        final JsonNode[] last = new JsonNode[1];
        awaitCondition(timeout, "connector " + name + " RUNNING with " + tasks + " tasks", () -> {
            final Response r = send("GET", "/connectors/" + name + "/status", null);
            if (r.status() != 200) {
                return false;
            }
            last[0] = r.json();
            failIfFailed(name, last[0]);
            return "RUNNING".equals(last[0].path("connector").path("state").asText())
                    && last[0].path("tasks").size() == tasks
                    && allTasks(last[0], t -> "RUNNING".equals(t.path("state").asText()));
        });
        return last[0];
    }

    private static void failIfFailed(String name, JsonNode status) {
        if ("FAILED".equals(status.path("connector").path("state").asText())) {
            throw new IllegalStateException("connector " + name + " FAILED: " + status.path("connector").path("trace").asText());
        }
        for (JsonNode task : status.path("tasks")) {
            if ("FAILED".equals(task.path("state").asText())) {
                throw new IllegalStateException("task " + task.path("id").asInt() + " of " + name + " FAILED: "
                        + task.path("trace").asText());
            }
        }
    }

    private static boolean allTasks(JsonNode status, Predicate<JsonNode> test) {
        for (JsonNode task : status.path("tasks")) {
            if (!test.test(task)) {
                return false;
            }
        }
        return true;
    }

    private static JsonNode expectOk(Response r, String what) {
        if (r.status() / 100 != 2) {
            throw new IllegalStateException(what + ": HTTP " + r.status() + " " + r.body());
        }
        return r.json();
    }

    private static void awaitCondition(Duration timeout, String what, java.util.function.BooleanSupplier condition) {
        final Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("Timed out after " + timeout + " waiting for " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted waiting for " + what, e);
            }
        }
    }

    /** An HTTP answer from the worker. */
    public record Response(int status, String body) {
        public JsonNode json() {
            try {
                return body == null || body.isBlank() ? JSON.nullNode() : JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("Connect answered non-JSON: " + body, e);
            }
        }
    }
}
