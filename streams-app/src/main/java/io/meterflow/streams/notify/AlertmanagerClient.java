package io.meterflow.streams.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The few calls of Alertmanager's v2 API the notifier makes: post alerts, list, create and expire silences. */
final class AlertmanagerClient {

    /** {@code createdBy} of every silence the notifier makes: the only ones it lists, changes or expires. */
    static final String CREATED_BY = "meterflow";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final Duration timeout;
    private final HttpClient http;

    AlertmanagerClient(URI base, Duration timeout) {
        this.base = base;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** One alert as Alertmanager takes it: endsAt in the past resolves it. */
    record PostedAlert(Map<String, String> labels, Map<String, String> annotations, Instant startsAt, Instant endsAt) {
    }

    /** A silence the notifier made, as Alertmanager lists it. */
    record Silence(String id, String meterId, String rule, Instant endsAt, String comment) {
    }

    void postAlerts(List<PostedAlert> alerts) throws IOException, InterruptedException {
        final ArrayNode body = JSON.createArrayNode();
        for (PostedAlert alert : alerts) {
            final ObjectNode node = body.addObject();
            alert.labels().forEach(node.putObject("labels")::put);
            alert.annotations().forEach(node.putObject("annotations")::put);
            node.put("startsAt", alert.startsAt().toString());
            node.put("endsAt", alert.endsAt().toString());
        }
        send(HttpRequest.newBuilder(base.resolve("/api/v2/alerts")).POST(body(body)), 200);
    }

    /** Active and pending silences made by the notifier. */
    List<Silence> silences() throws IOException, InterruptedException {
        // Alertmanager's filter matches a silence's matchers, not its creator: list all, keep ours.
        final JsonNode all = JSON.readTree(send(HttpRequest.newBuilder(base.resolve("/api/v2/silences")).GET(), 200));
        final List<Silence> mine = new ArrayList<>();
        for (JsonNode s : all) {
            if (!CREATED_BY.equals(s.path("createdBy").asText()) || "expired".equals(s.path("status").path("state").asText())) {
                continue;
            }
            String meterId = null;
            String rule = null;
            for (JsonNode m : s.path("matchers")) {
                if ("meterId".equals(m.path("name").asText())) {
                    meterId = m.path("value").asText();
                } else if ("rule".equals(m.path("name").asText())) {
                    rule = m.path("value").asText();
                }
            }
            if (meterId != null && rule != null) {
                mine.add(new Silence(s.path("id").asText(), meterId, rule, Instant.parse(s.path("endsAt").asText()),
                        s.path("comment").asText()));
            }
        }
        return mine;
    }

    /** Creates a silence of (meterId, rule), or changes the one with {@code id}; returns its id. */
    String putSilence(String id, String meterId, String rule, Instant startsAt, Instant endsAt, String comment)
            throws IOException, InterruptedException {
        final ObjectNode silence = JSON.createObjectNode();
        if (id != null) {
            silence.put("id", id);
        }
        final ArrayNode matchers = silence.putArray("matchers");
        matchers.addObject().put("name", "meterId").put("value", meterId).put("isRegex", false).put("isEqual", true);
        matchers.addObject().put("name", "rule").put("value", rule).put("isRegex", false).put("isEqual", true);
        silence.put("startsAt", startsAt.toString()).put("endsAt", endsAt.toString())
                .put("createdBy", CREATED_BY).put("comment", comment);
        return JSON.readTree(send(HttpRequest.newBuilder(base.resolve("/api/v2/silences")).POST(body(silence)), 200))
                .path("silenceID").asText();
    }

    void expireSilence(String id) throws IOException, InterruptedException {
        send(HttpRequest.newBuilder(base.resolve("/api/v2/silence/" + URLEncoder.encode(id, StandardCharsets.UTF_8)))
                .DELETE(), 200);
    }

    private static HttpRequest.BodyPublisher body(JsonNode json) throws IOException {
        return HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(json));
    }

    private String send(HttpRequest.Builder request, int expected) throws IOException, InterruptedException {
        final HttpRequest built = request.timeout(timeout).header("Content-Type", "application/json").build();
        final HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IOException(built.method() + " " + built.uri() + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return response.body();
    }
}
