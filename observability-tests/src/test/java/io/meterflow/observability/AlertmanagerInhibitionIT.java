package io.meterflow.observability;

import io.meterflow.testing.alertmanager.AlertmanagerServer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped Alertmanager configuration, run by a real Alertmanager (Debian package prometheus-alertmanager): which
 * alerts are inhibited when several fire at once. Alertmanager's API reports each alert's inhibitions as of the query.
 * Each test has an Alertmanager of its own.
 */
class AlertmanagerInhibitionIT {

    private static final Path CONFIG = Path.of("..", "observability", "alertmanager", "alertmanager.yml");
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;
    private AlertmanagerServer alertmanager;
    private URI base;

    @BeforeEach
    void startAlertmanager() {
        alertmanager = AlertmanagerServer.start(CONFIG, dir);
        base = alertmanager.url();
    }

    @AfterEach
    void stopAlertmanager() throws InterruptedException {
        if (alertmanager != null) {
            alertmanager.close();
        }
    }

    @Test
    void aSinkOutageLeavesTheFleetAlertsAloneButAFailedSourceConnectorSilencesThem() throws Exception {
        post(alert("MeterFlowSinkDatabaseUnavailable", "critical", "pipeline", Map.of("connector", "meterflow-postgres-sink")),
                alert("MeterFlowConnectorTaskFailed", "critical", "pipeline",
                        Map.of("connector", "meterflow-postgres-sink", "task", "0")),
                alert("MeterFlowFleetErrorRateHigh", "warning", "fleet", Map.of()),
                // A witness posted last: once it is inhibited, Alertmanager has taken in the sink alerts before it.
                alert("MeterFlowSinkDatabaseUnavailable", "warning", "pipeline", Map.of("connector", "meterflow-postgres-sink")));
        awaitInhibited("MeterFlowSinkDatabaseUnavailable", "severity=\"warning\"");
        assertThat(inhibitedBy("MeterFlowFleetErrorRateHigh")).as("fleet alert during a sink outage").isEmpty();

        post(alert("MeterFlowConnectorTaskFailed", "critical", "pipeline", Map.of("connector", "dlms-source", "task", "1")),
                alert("MeterFlowSilentMetersHigh", "warning", "fleet", Map.of()));
        awaitInhibited("MeterFlowSilentMetersHigh");
        awaitInhibited("MeterFlowFleetErrorRateHigh");
        assertThat(inhibitedBy("MeterFlowConnectorTaskFailed", "connector=\"dlms-source\"")).as("the cause itself").isEmpty();
    }

    @Test
    void aConnectWorkerThatIsDownSilencesTheConnectorAlertsItCauses() throws Exception {
        post(alert("MeterFlowConnectDown", "critical", "pipeline", Map.of("instance", "connect:9404")),
                alert("MeterFlowConnectorNotRunning", "critical", "pipeline", Map.of("connector", "mqtt-source")));
        awaitInhibited("MeterFlowConnectorNotRunning");
        assertThat(inhibitedBy("MeterFlowConnectDown")).isEmpty();
    }

    private static ObjectNode alert(String name, String severity, String layer, Map<String, String> extraLabels) {
        final ObjectNode alert = JSON.createObjectNode();
        final ObjectNode labels = alert.putObject("labels");
        labels.put("alertname", name).put("severity", severity).put("layer", layer);
        extraLabels.forEach(labels::put);
        alert.put("startsAt", Instant.now().toString());
        alert.putObject("annotations").put("summary", name + " raised by " + AlertmanagerInhibitionIT.class.getSimpleName());
        return alert;
    }

    private void post(ObjectNode... alerts) throws Exception {
        final ArrayNode body = JSON.createArrayNode().addAll(List.of(alerts));
        final HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("/api/v2/alerts"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString())));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private void awaitInhibited(String alertname, String... matchers) {
        Awaitility.await(alertname + " inhibited").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> !inhibitedBy(alertname, matchers).isEmpty());
    }

    private JsonNode inhibitedBy(String alertname, String... matchers) throws Exception {
        return status(alertname, matchers).path("inhibitedBy");
    }

    /** The status of the one alert with this name and these label matchers. */
    private JsonNode status(String alertname, String... matchers) throws Exception {
        final StringBuilder query = new StringBuilder("/api/v2/alerts?filter=")
                .append(URLEncoder.encode("alertname=\"" + alertname + "\"", StandardCharsets.UTF_8));
        for (String matcher : matchers) {
            query.append("&filter=").append(URLEncoder.encode(matcher, StandardCharsets.UTF_8));
        }
        final HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve(query.toString())));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        final JsonNode alerts = JSON.readTree(response.body());
        assertThat(alerts).as(query.toString()).hasSize(1);
        return alerts.get(0).path("status");
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
