package io.meterflow.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import io.meterflow.api.commands.CommandGateway;
import io.meterflow.schema.AlertCommand;
import io.meterflow.schema.AlertCommandResult;
import io.meterflow.schema.AlertCommandResult.Reason;
import io.meterflow.schema.AlertCommandResult.Workflow;
import io.meterflow.schema.AlertState;
import io.meterflow.schema.Severity;
import io.meterflow.schema.topic.MeterFlowTopics;
import io.meterflow.testing.kafka.KafkaExtension;
import io.meterflow.testing.kafka.KafkaTestCluster;
import io.meterflow.testing.postgres.PostgresExtension;
import io.meterflow.testing.postgres.TestDatabase;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import static io.meterflow.api.ReadModelFixture.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The write endpoints over a real read model and real Kafka topics; every response checked against openapi.json.
 * The alert processor's side of the topics is played by {@link ContractResponder} (scripted per meter below).
 */
@ExtendWith({PostgresExtension.class, KafkaExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AlertCommandsIT {

    private static final String PROBLEM = "application/problem+json";
    private static final Map<String, String> ALICE = Map.of("X-API-Key", "secret-alice");
    private static final Map<String, String> BOB = Map.of("X-API-Key", "secret-bob");
    private static final String KEYS = "ops-alice:secret-alice,ops-bob:secret-bob";

    private TestDatabase db;
    private CommandGateway gateway;
    private ContractResponder processor;

    @BeforeAll
    void setUp(TestDatabase database, KafkaTestCluster kafka) {
        db = database;
        ReadModelFixture.load(db);
        kafka.createTopics(3, MeterFlowTopics.ALERT_COMMANDS, MeterFlowTopics.ALERT_COMMAND_RESULTS);
        processor = new ContractResponder(kafka, AlertCommandsIT::script);
        gateway = CommandGateway.start(kafka.bootstrapServers(), Duration.ofSeconds(3));
    }

    @AfterAll
    void tearDown() throws InterruptedException {
        gateway.close();
        processor.close();
    }

    /**
     * The fixture's alerts as the processor would answer: m-002/clock-drift is acknowledged already, m-001/clock-drift
     * is RESOLVED (no active alert), m-003/silent gets no answer in time; the rest apply.
     */
    private static AlertCommandResult script(AlertCommand c) {
        final Workflow firing = new Workflow(AlertState.FIRING, Severity.HIGH, NOW.toEpochMilli(),
                c.action() == AlertCommand.Action.ACKNOWLEDGE ? c.actor() : null,
                c.action() == AlertCommand.Action.ACKNOWLEDGE ? c.at() : null, c.shelvedUntil(), c.assignee());
        return switch (c.meterId() + "/" + c.rule()) {
            case "m-003/silent" -> null;
            case "m-001/clock-drift" -> AlertCommandResult.rejected(c, Reason.NO_ACTIVE_ALERT, "the alert is RESOLVED", null);
            case "m-002/clock-drift" -> c.action() == AlertCommand.Action.ACKNOWLEDGE
                    ? AlertCommandResult.rejected(c, Reason.ALREADY_ACKNOWLEDGED, "acknowledged by ops-bob", firing)
                    : AlertCommandResult.applied(c, firing, null);
            default -> AlertCommandResult.applied(c, firing, null);
        };
    }

    private void withApi(String keys, CommandGateway commands, Consumer<ApiClient> test) {
        final QueryApiConfig config = QueryApiConfig.from(Map.of("MF_API_JDBC_URL", db.jdbcUrl(), "MF_API_KEYS", keys));
        final Javalin app = ApiApp.create(db.dataSource(), config, Clock.fixed(NOW, ZoneOffset.UTC),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), commands);
        JavalinTest.test(app, (server, client) -> test.accept(new ApiClient(client)));
    }

    private void withApi(Consumer<ApiClient> test) {
        withApi(KEYS, gateway, test);
    }

    @Test
    void anAcknowledgementGoesToKafkaWithTheKeysNameAsActorAndAnswers201WithTheResult() {
        withApi(api -> {
            final ApiClient.Answer answer = api.post("/api/v1/alerts/m-001/error-rate/acknowledge",
                    "{\"comment\":\"looking at it\"}", ALICE);
            assertThat(answer.status()).as(answer.body()).isEqualTo(201);
            final JsonNode result = answer.json();
            assertThat(result.path("outcome").asText()).isEqualTo("APPLIED");
            assertThat(result.path("actor").asText()).isEqualTo("ops-alice");
            assertThat(result.path("workflow").path("acknowledgedBy").asText()).isEqualTo("ops-alice");
            final AlertCommand sent = processor.command(result.path("commandId").asText());
            assertThat(sent.action()).isEqualTo(AlertCommand.Action.ACKNOWLEDGE);
            assertThat(sent.meterId()).isEqualTo("m-001");
            assertThat(sent.rule()).isEqualTo("error-rate");
            assertThat(sent.comment()).isEqualTo("looking at it");
            assertThat(sent.at()).isEqualTo(NOW.toEpochMilli());
            assertThat(processor.commands()).filteredOn(r -> r.value().contains(sent.commandId()))
                    .singleElement().satisfies(r -> assertThat(r.key()).isEqualTo("m-001"));
        });
    }

    @Test
    void everyActionCarriesItsFields() {
        withApi(api -> {
            final JsonNode shelve = api.post("/api/v1/alerts/m-004/publication-rate/shelve",
                    "{\"until\":\"2026-03-10T18:00:00Z\"}", BOB).json();
            assertThat(processor.command(shelve.path("commandId").asText()).shelvedUntil())
                    .isEqualTo(Instant.parse("2026-03-10T18:00:00Z").toEpochMilli());
            final JsonNode byEpoch = api.post("/api/v1/alerts/m-004/publication-rate/shelve",
                    "{\"until\":" + NOW.plusSeconds(60).toEpochMilli() + "}", BOB).json();
            assertThat(byEpoch.path("workflow").path("shelvedUntil").asLong()).isEqualTo(NOW.plusSeconds(60).toEpochMilli());
            final JsonNode assign = api.post("/api/v1/alerts/m-004/publication-rate/assign",
                    "{\"assignee\":\"carol\",\"comment\":\"your area\"}", BOB).json();
            assertThat(processor.command(assign.path("commandId").asText()).assignee()).isEqualTo("carol");
            final JsonNode unassign = api.post("/api/v1/alerts/m-004/publication-rate/assign", "{\"assignee\":null}", BOB)
                    .json();
            assertThat(processor.command(unassign.path("commandId").asText()).assignee()).isNull();
            final JsonNode comment = api.post("/api/v1/alerts/m-004/publication-rate/comment",
                    "{\"comment\":\"meter cabinet flooded\"}", ALICE).json();
            assertThat(comment.path("comment").asText()).isEqualTo("meter cabinet flooded");
            final ApiClient.Answer unack = api.post("/api/v1/alerts/m-004/publication-rate/unacknowledge", null, ALICE);
            assertThat(unack.status()).isEqualTo(201);
            assertThat(unack.json().path("action").asText()).isEqualTo("UNACKNOWLEDGE");
        });
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "shelve|{}|until",
            "shelve|{\"until\":\"tomorrow\"}|until",
            "shelve|{\"until\":\"2026-03-10T11:00:00Z\"}|until",
            "shelve|{\"until\":true}|until",
            "assign|{}|assignee",
            "assign|{\"assignee\":5}|assignee",
            "assign|{\"assignee\":\"   \"}|assignee",
            "comment|{}|comment",
            "comment|{\"comment\":\"\"}|comment",
            "comment|{\"comment\":\"LONG\"}|comment",
            "acknowledge|{\"until\":\"2026-03-10T18:00:00Z\"}|until",
            "acknowledge|{\"note\":\"x\"}|note",
            "acknowledge|not json|body",
            "acknowledge|[1,2]|body"})
    void badBodiesAre400ProblemsNamingTheField(String action, String body, String field) {
        withApi(api -> {
            final int before = processor.commands().size();
            final ApiClient.Answer answer = api.post("/api/v1/alerts/m-001/error-rate/" + action,
                    body.replace("LONG", "x".repeat(2001)), ALICE);
            assertThat(answer.status()).as(answer.body()).isEqualTo(400);
            assertThat(answer.contentType()).startsWith(PROBLEM);
            assertThat(answer.json().path("parameter").asText()).isEqualTo(field);
            assertThat(answer.body()).doesNotContain("Exception");
            assertThat(processor.commands()).as("nothing sent").hasSize(before);
        });
    }

    @Test
    void badPathsAndIdempotencyKeysAre400s() {
        withApi(api -> {
            assertThat(api.post("/api/v1/alerts/m-001/" + "r".repeat(129) + "/acknowledge", null, ALICE).json()
                    .path("parameter").asText()).isEqualTo("rule");
            final Map<String, String> badKey = Map.of("X-API-Key", "secret-alice", "Idempotency-Key", "spaces are bad");
            assertThat(api.post("/api/v1/alerts/m-001/error-rate/comment", "{\"comment\":\"x\"}", badKey).json()
                    .path("parameter").asText()).isEqualTo("Idempotency-Key");
        });
    }

    @Test
    void unknownAlertsAre404WithoutACommand() {
        withApi(api -> {
            final int before = processor.commands().size();
            final ApiClient.Answer noRule = api.post("/api/v1/alerts/m-001/no-such-rule/acknowledge", null, ALICE);
            assertThat(noRule.status()).isEqualTo(404);
            assertThat(noRule.contentType()).startsWith(PROBLEM);
            assertThat(noRule.json().path("detail").asText()).contains("no-such-rule");
            assertThat(api.post("/api/v1/alerts/nope/error-rate/acknowledge", null, ALICE).status()).isEqualTo(404);
            assertThat(processor.commands()).hasSize(before);
        });
    }

    @Test
    void writesNeedAValidKey() {
        withApi(api -> {
            final ApiClient.Answer none = api.post("/api/v1/alerts/m-001/error-rate/acknowledge", null, Map.of());
            assertThat(none.status()).isEqualTo(401);
            assertThat(none.contentType()).startsWith(PROBLEM);
            assertThat(api.post("/api/v1/alerts/m-001/error-rate/acknowledge", null, Map.of("X-API-Key", "secret"))
                    .status()).isEqualTo(401);
            // The secret alone is the key, not "name:secret".
            assertThat(api.post("/api/v1/alerts/m-001/error-rate/acknowledge", null,
                    Map.of("X-API-Key", "ops-alice:secret-alice")).status()).isEqualTo(401);
        });
        withApi("", gateway, api -> {
            final ApiClient.Answer open = api.post("/api/v1/alerts/m-001/error-rate/acknowledge", null, ALICE);
            assertThat(open.status()).as("no keys configured: reads open, writes refused").isEqualTo(401);
            assertThat(open.json().path("detail").asText()).contains("MF_API_KEYS");
            assertThat(api.get("/api/v1/alerts").status()).isEqualTo(200);
        });
    }

    @Test
    void withOpenReadsOnlyWritesNeedAKey() {
        final QueryApiConfig config = QueryApiConfig.from(Map.of("MF_API_JDBC_URL", db.jdbcUrl(), "MF_API_KEYS", KEYS,
                "MF_API_OPEN_READS", "true"));
        final Javalin app = ApiApp.create(db.dataSource(), config, Clock.fixed(NOW, ZoneOffset.UTC),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), gateway);
        JavalinTest.test(app, (server, client) -> {
            final ApiClient api = new ApiClient(client);
            assertThat(api.get("/api/v1/alerts").status()).isEqualTo(200);
            assertThat(api.post("/api/v1/alerts/m-001/error-rate/comment", "{\"comment\":\"x\"}", Map.of()).status())
                    .isEqualTo(401);
            assertThat(api.post("/api/v1/alerts/m-001/error-rate/comment", "{\"comment\":\"x\"}", ALICE).status())
                    .isEqualTo(201);
        });
    }

    @Test
    void rejectionsNameTheirReason() {
        withApi(api -> {
            final ApiClient.Answer again = api.post("/api/v1/alerts/m-002/clock-drift/acknowledge", null, ALICE);
            assertThat(again.status()).isEqualTo(409);
            assertThat(again.contentType()).startsWith(PROBLEM);
            assertThat(again.json().path("reason").asText()).isEqualTo("ALREADY_ACKNOWLEDGED");
            assertThat(again.json().path("detail").asText()).isEqualTo("acknowledged by ops-bob");
            final ApiClient.Answer resolved = api.post("/api/v1/alerts/m-001/clock-drift/acknowledge", null, ALICE);
            assertThat(resolved.status()).isEqualTo(404);
            assertThat(resolved.json().path("reason").asText()).isEqualTo("NO_ACTIVE_ALERT");
            assertThat(resolved.json().path("commandId").asText()).hasSize(36);
        });
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyIsTheSameCommand(KafkaTestCluster kafka) {
        final String key = "retry-" + UUID.randomUUID();
        final Map<String, String> alice = Map.of("X-API-Key", "secret-alice", "Idempotency-Key", key);
        final String path = "/api/v1/alerts/m-004/publication-rate/comment";
        final String[] first = new String[1];
        withApi(api -> {
            final JsonNode original = api.post(path, "{\"comment\":\"a\"}", alice).json();
            first[0] = original.path("commandId").asText();
            assertThat(original.path("duplicate").asBoolean()).isFalse();
            // The same instance knows the result already: it answers it again without sending anything.
            final ApiClient.Answer retry = api.post(path, "{\"comment\":\"a\"}", alice);
            assertThat(retry.status()).isEqualTo(201);
            assertThat(retry.json().path("commandId").asText()).isEqualTo(first[0]);
            assertThat(processor.commands()).filteredOn(r -> r.value().contains(first[0])).hasSize(1);

            final JsonNode bobs = api.post(path, "{\"comment\":\"a\"}",
                    Map.of("X-API-Key", "secret-bob", "Idempotency-Key", key)).json();
            assertThat(bobs.path("commandId").asText()).as("another actor's key").isNotEqualTo(first[0]);

            final ApiClient.Answer reused = api.post("/api/v1/alerts/m-001/error-rate/comment", "{\"comment\":\"a\"}", alice);
            assertThat(reused.status()).isEqualTo(400);
            assertThat(reused.json().path("parameter").asText()).isEqualTo("Idempotency-Key");
        });
        // Another replica (which never saw the result) sends the retry: the processor answers it as a duplicate.
        try (CommandGateway otherReplica = CommandGateway.start(kafka.bootstrapServers(), Duration.ofSeconds(3))) {
            withApi(KEYS, otherReplica, api -> {
                final ApiClient.Answer retry = api.post(path, "{\"comment\":\"a\"}", alice);
                assertThat(retry.status()).isEqualTo(201);
                assertThat(retry.json().path("commandId").asText()).isEqualTo(first[0]);
                assertThat(retry.json().path("duplicate").asBoolean()).isTrue();
            });
        }
    }

    @Test
    void noResultInTimeIs202AndTheCommandCanBeLookedUpLater() {
        withApi(api -> {
            final ApiClient.Answer pending = api.post("/api/v1/alerts/m-003/silent/acknowledge", null, ALICE);
            assertThat(pending.status()).isEqualTo(202);
            assertThat(pending.json().path("status").asText()).isEqualTo("PENDING");
            final String id = pending.json().path("commandId").asText();
            assertThat(api.get("/api/v1/alerts/commands/" + id, ALICE).status()).isEqualTo(202);

            final AlertCommand sent = processor.command(id);
            processor.answer(AlertCommandResult.applied(sent, null, "late"));
            Awaitility.await("the late result").atMost(Duration.ofSeconds(30))
                    .until(() -> api.get("/api/v1/alerts/commands/" + id, ALICE).status() == 200);
            assertThat(api.get("/api/v1/alerts/commands/" + id, ALICE).json().path("message").asText()).isEqualTo("late");
            assertThat(api.get("/api/v1/alerts/commands/" + UUID.randomUUID(), ALICE).status()).isEqualTo(404);
            assertThat(api.get("/api/v1/alerts/commands/not-a-uuid", ALICE).json().path("parameter").asText())
                    .isEqualTo("commandId");
        });
    }

    @Test
    void theResultComesFromTheReadModelOnceTheSinkHasIt() {
        final String id = UUID.randomUUID().toString();
        db.execute("INSERT INTO alert_action_log (command_id, meter_id, rule, action, actor, at, outcome, result) "
                + "VALUES ('" + id + "', 'm-001', 'error-rate', 'COMMENT', 'ops-bob', now(), 'APPLIED', '"
                + "{\"schemaVersion\":1,\"commandId\":\"" + id + "\",\"meterId\":\"m-001\",\"rule\":\"error-rate\","
                + "\"action\":\"COMMENT\",\"actor\":\"ops-bob\",\"at\":1,\"outcome\":\"APPLIED\",\"reason\":null,"
                + "\"message\":null,\"duplicate\":false,\"workflow\":null,\"comment\":\"hi\"}')");
        withApi(KEYS, null, api -> assertThat(api.get("/api/v1/alerts/commands/" + id, BOB).json().path("comment")
                .asText()).isEqualTo("hi"));
    }

    @Test
    void withoutKafkaWritesAre503() {
        withApi(KEYS, null, api -> {
            final ApiClient.Answer answer = api.post("/api/v1/alerts/m-001/error-rate/acknowledge", null, ALICE);
            assertThat(answer.status()).isEqualTo(503);
            assertThat(answer.json().path("type").asText()).endsWith("/writes-disabled");
            assertThat(api.get("/ready").json().path("components").has("kafka")).isFalse();
        });
    }

    @Test
    void readinessIncludesKafkaWhenWritesAreEnabled() {
        withApi(api -> assertThat(api.get("/ready").json().path("components").path("kafka").path("status").asText())
                .isEqualTo("UP"));
    }

    @Test
    void productionModeRequiresKeysAndEnforcesThem() {
        assertThatThrownBy(() -> QueryApiConfig.from(Map.of("MF_API_MODE", "PRODUCTION")))
                .hasMessageContaining("MF_API_KEYS");
        final QueryApiConfig production = QueryApiConfig.from(Map.of("MF_API_JDBC_URL", db.jdbcUrl(),
                "MF_API_MODE", "PRODUCTION", "MF_API_KEYS", KEYS));
        final Javalin app = ApiApp.create(db.dataSource(), production, Clock.fixed(NOW, ZoneOffset.UTC),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        JavalinTest.test(app, (server, client) -> {
            final ApiClient api = new ApiClient(client);
            assertThat(api.get("/api/v1/meters").status()).isEqualTo(401);
            assertThat(api.get("/api/v1/meters", BOB).status()).isEqualTo(200);
        });
    }
}
