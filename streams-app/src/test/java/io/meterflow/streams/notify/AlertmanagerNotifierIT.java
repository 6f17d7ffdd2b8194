package io.meterflow.streams.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meterflow.schema.Alert;
import io.meterflow.schema.AlertCommand;
import io.meterflow.schema.AlertCommandResult;
import io.meterflow.schema.AlertState;
import io.meterflow.schema.Severity;
import io.meterflow.schema.serde.MeterFlowJson;
import io.meterflow.schema.topic.MeterFlowTopics;
import io.meterflow.testing.alertmanager.AlertmanagerServer;
import io.meterflow.testing.kafka.KafkaExtension;
import io.meterflow.testing.kafka.KafkaTestCluster;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The notifier against a REAL Alertmanager (Debian package prometheus-alertmanager) running the shipped
 * configuration (observability/alertmanager/alertmanager.yml), fed through real Kafka topics: per-meter alerts are
 * received and routed, resolved, silenced while acknowledged or shelved, and a restart of the notifier neither loses
 * a notification nor duplicates or leaves a silence.
 */
@ExtendWith(KafkaExtension.class)
class AlertmanagerNotifierIT {

    private static final Path CONFIG = Path.of("..", "observability", "alertmanager", "alertmanager.yml");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private final HttpClient http = HttpClient.newHttpClient();
    private final String meter = "am-" + UUID.randomUUID().toString().substring(0, 8);
    private AlertmanagerServer alertmanager;
    private KafkaProducer<String, String> producer;
    private KafkaStreams notifier;
    private KafkaTestCluster kafka;
    private String applicationId;
    private String alertsTopic;
    private String resultsTopic;

    @BeforeEach
    void start(KafkaTestCluster cluster) {
        kafka = cluster;
        // Topics of its own: the fork's broker is shared, and other ITs read every record of meter-alerts.
        alertsTopic = meter + "-" + MeterFlowTopics.ALERTS.name();
        resultsTopic = meter + "-" + MeterFlowTopics.ALERT_COMMAND_RESULTS.name();
        kafka.createTopics(3, alertsTopic, resultsTopic);
        alertmanager = AlertmanagerServer.start(CONFIG, dir);
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new StringSerializer(), new StringSerializer());
        applicationId = "notifier-it-" + meter;
        notifier = startNotifier();
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (notifier != null) {
            stopNotifier();
        }
        producer.close();
        alertmanager.close();
    }

    @Test
    void firingAlertsAreReceivedAndRoutedThenResolved() throws Exception {
        final long since = Instant.now().minusSeconds(120).toEpochMilli();
        send(alert(AlertState.PENDING, Severity.HIGH, since, null, null));
        send(alert(AlertState.FIRING, Severity.HIGH, since, null, null));
        final JsonNode fired = awaitAlert("firing", a -> true);
        assertThat(fired.path("labels").path("alertname").asText()).isEqualTo("MeterSilent");
        assertThat(fired.path("labels").path("rule").asText()).isEqualTo("MeterSilent");
        assertThat(fired.path("labels").path("severity").asText()).isEqualTo("high");
        assertThat(fired.path("labels").path("layer").asText()).isEqualTo("meter");
        assertThat(fired.path("startsAt").asText()).startsWith(Instant.ofEpochMilli(since).toString().substring(0, 19));
        assertThat(fired.path("receivers").findValuesAsText("name")).containsExactly("meterflow-meter-alerts");
        assertThat(fired.path("status").path("state").asText()).isEqualTo("active");

        // Escalation: the alert under its new severity replaces the old one, which is resolved.
        send(alert(AlertState.FIRING, Severity.CRITICAL, since, null, null));
        Awaitility.await("escalated").atMost(TIMEOUT).until(() -> severities().equals(List.of("critical")));
        assertThat(awaitAlert("critical", a -> true).path("receivers").findValuesAsText("name"))
                .containsExactly("meterflow-oncall");

        send(alert(AlertState.RESOLVED, Severity.CRITICAL, since, null, null));
        Awaitility.await("resolved").atMost(TIMEOUT).until(() -> alerts().isEmpty());
    }

    @Test
    void acknowledgedAndShelvedAlertsAreSilencedUntilResolvedOrUnacknowledged() throws Exception {
        final long since = Instant.now().minusSeconds(60).toEpochMilli();
        send(alert(AlertState.FIRING, Severity.HIGH, since, null, null));
        awaitAlert("firing", a -> a.path("status").path("state").asText().equals("active"));

        sendResult(AlertCommand.Action.ACKNOWLEDGE, since, "ops-alice", null);
        final JsonNode silenced = awaitAlert("suppressed", a -> a.path("status").path("state").asText().equals("suppressed"));
        assertThat(silenced.path("status").path("silencedBy")).hasSize(1);
        final JsonNode silence = single(activeSilences());
        assertThat(silence.path("createdBy").asText()).isEqualTo("meterflow");
        assertThat(silence.path("comment").asText()).startsWith("Acknowledged by ops-alice");
        assertThat(silence.path("matchers").findValuesAsText("name")).containsExactlyInAnyOrder("meterId", "rule");

        // Unacknowledged: the silence goes, the alert notifies again.
        sendResult(AlertCommand.Action.UNACKNOWLEDGE, since, null, null);
        Awaitility.await("silence expired").atMost(TIMEOUT).until(() -> activeSilences().isEmpty());
        awaitAlert("active again", a -> a.path("status").path("state").asText().equals("active"));

        final Instant until = Instant.now().plus(Duration.ofMinutes(30)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        sendResult(AlertCommand.Action.SHELVE, since, null, until.toEpochMilli());
        Awaitility.await("shelved").atMost(TIMEOUT).until(() -> activeSilences().size() == 1);
        assertThat(Instant.parse(single(activeSilences()).path("endsAt").asText())).isEqualTo(until);

        // The episode resolves: shelving ends with it.
        send(alert(AlertState.RESOLVED, Severity.HIGH, since, null, until.toEpochMilli()));
        Awaitility.await("resolved and unsilenced").atMost(TIMEOUT)
                .until(() -> alerts().isEmpty() && activeSilences().isEmpty());
    }

    @Test
    void aRestartLosesNoNotificationAndLeavesNoSilence() throws Exception {
        final long since = Instant.now().minusSeconds(60).toEpochMilli();
        send(alert(AlertState.FIRING, Severity.HIGH, since, null, null));
        sendResult(AlertCommand.Action.ACKNOWLEDGE, since, "ops-bob", null);
        Awaitility.await("silenced").atMost(TIMEOUT).until(() -> activeSilences().size() == 1);
        final String silenceId = single(activeSilences()).path("id").asText();

        stopNotifier();
        notifier = startNotifier();
        // Synced again after the restart: the same one silence, not a second.
        Awaitility.await("resynced").atMost(TIMEOUT).pollDelay(Duration.ofSeconds(2)).until(() -> notifier.state() == KafkaStreams.State.RUNNING);
        Awaitility.await("one silence").during(Duration.ofSeconds(3)).atMost(TIMEOUT)
                .until(() -> activeSilences().size() == 1);
        assertThat(single(activeSilences()).path("id").asText()).isEqualTo(silenceId);

        // The alert resolves while the notifier is down: after the restart Alertmanager hears it, the silence goes.
        stopNotifier();
        send(alert(AlertState.RESOLVED, Severity.HIGH, since, "ops-bob", null));
        notifier = startNotifier();
        Awaitility.await("resolved after the restart").atMost(TIMEOUT)
                .until(() -> alerts().isEmpty() && activeSilences().isEmpty());
    }

    /** Leaves the group, so the restarted notifier gets the partitions at once. */
    private void stopNotifier() {
        notifier.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(10)));
    }

    private KafkaStreams startNotifier() {
        final StreamsBuilder builder = new StreamsBuilder();
        NotifierTopology.add(builder, new NotifierSettings(NotifierTopology.STORE, alertsTopic, resultsTopic, alertmanager.url(),
                Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofHours(1)));
        final Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("state").toString());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        p.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
        final KafkaStreams streams = new KafkaStreams(builder.build(), p);
        streams.start();
        return streams;
    }

    private Alert alert(AlertState state, Severity severity, long since, String acknowledgedBy, Long shelvedUntil) {
        return new Alert(meter, "MeterSilent", state, severity, since, System.currentTimeMillis(), null, 3.0, 3,
                "meter silent for 3 intervals", acknowledgedBy, acknowledgedBy == null ? null : since, shelvedUntil, null);
    }

    private void send(Alert alert) throws Exception {
        producer.send(new ProducerRecord<>(alertsTopic, null, alert.at(), meter,
                MeterFlowJson.mapper().writeValueAsString(alert))).get();
    }

    private void sendResult(AlertCommand.Action action, long since, String acknowledgedBy, Long shelvedUntil)
            throws Exception {
        final AlertCommand command = AlertCommand.of(UUID.randomUUID().toString(), meter, "MeterSilent", action, "ops",
                System.currentTimeMillis(), shelvedUntil, null, null);
        final AlertCommandResult result = AlertCommandResult.applied(command, new AlertCommandResult.Workflow(
                AlertState.FIRING, Severity.HIGH, since, acknowledgedBy, acknowledgedBy == null ? null : command.at(),
                shelvedUntil, null), null);
        producer.send(new ProducerRecord<>(resultsTopic, null, result.at(), meter,
                MeterFlowJson.mapper().writeValueAsString(result))).get();
    }

    private JsonNode awaitAlert(String what, java.util.function.Predicate<JsonNode> condition) {
        return Awaitility.await(what).atMost(TIMEOUT).pollInterval(Duration.ofMillis(200))
                .until(() -> alerts().stream().filter(condition).findFirst().orElse(null), a -> a != null);
    }

    /** This test's meter's alerts that Alertmanager holds (not resolved), silenced or not. */
    private List<JsonNode> alerts() throws Exception {
        final List<JsonNode> out = new ArrayList<>();
        get("/api/v2/alerts?filter=" + encode("meterId=\"" + meter + "\"")).forEach(out::add);
        return out;
    }

    private List<String> severities() throws Exception {
        return alerts().stream().map(a -> a.path("labels").path("severity").asText()).toList();
    }

    private List<JsonNode> activeSilences() throws Exception {
        final List<JsonNode> out = new ArrayList<>();
        for (JsonNode s : get("/api/v2/silences?filter=" + encode("meterId=\"" + meter + "\""))) {
            if (s.path("status").path("state").asText().equals("active")) {
                out.add(s);
            }
        }
        return out;
    }

    private static JsonNode single(List<JsonNode> nodes) {
        assertThat(nodes).hasSize(1);
        return nodes.get(0);
    }

    private JsonNode get(String path) throws Exception {
        final HttpResponse<String> response = http.send(HttpRequest.newBuilder(alertmanager.url().resolve(path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static String encode(String filter) {
        return URLEncoder.encode(filter, StandardCharsets.UTF_8);
    }
}
