package io.meterflow.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import io.meterflow.testing.postgres.ComponentRoles;
import io.meterflow.testing.postgres.PostgresExtension;
import io.meterflow.testing.postgres.TestDatabase;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

import static io.meterflow.api.ReadModelFixture.NOW;
import static org.assertj.core.api.Assertions.assertThat;

/** Every endpoint with JavalinTest against a real PostgreSQL read model; every response checked against openapi.json. */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryApiIT {

    private static final String PROBLEM = "application/problem+json";
    private TestDatabase db;

    private ComponentRoles roles;

    @BeforeAll
    void loadReadModel(TestDatabase database) {
        db = database;
        ReadModelFixture.load(db);
        roles = ComponentRoles.create(db);
    }

    @AfterAll
    void dropRoles() {
        roles.close();
    }

    /** The API as it runs in production: connected as a read-only role that cannot read meter secrets. */
    private void withApi(Consumer<ApiClient> test) {
        withApi(QueryApiConfig.defaults(db.jdbcUrl()), roles.reader().dataSource(), Clock.fixed(NOW, ZoneOffset.UTC),
                test);
    }

    private static void withApi(QueryApiConfig config, DataSource dataSource, Clock clock, Consumer<ApiClient> test) {
        final Javalin app = ApiApp.create(dataSource, config, clock, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        JavalinTest.test(app, (server, client) -> test.accept(new ApiClient(client)));
    }

    @Test
    void listsEveryMeterOnceAcrossPages() {
        withApi(api -> {
            final List<String> seen = new ArrayList<>();
            String cursor = null;
            int pages = 0;
            do {
                final JsonNode page = api.get("/api/v1/meters?limit=7" + (cursor == null ? "" : "&cursor=" + cursor)).json();
                page.path("items").forEach(m -> seen.add(m.path("meterId").asText()));
                cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asText();
                pages++;
            } while (cursor != null);
            assertThat(pages).isEqualTo(3);
            assertThat(seen).hasSize(ReadModelFixture.METERS).doesNotHaveDuplicates().isSorted();
        });
    }

    @Test
    void meterDetailHasLatestReadingRatesDriftErrorStatsAndOnlyActiveAlerts() {
        withApi(api -> {
            final JsonNode m = api.get("/api/v1/meters/m-001").json();
            assertThat(m.path("latestReading").path("status").asText()).isEqualTo("OK");
            assertThat(m.path("latestReading").path("collectedAt").asLong())
                    .isEqualTo(NOW.minus(Duration.ofSeconds(90)).toEpochMilli());
            assertThat(m.path("latestReading").path("values").get(0).path("value").asDouble()).isEqualTo(1234.5);
            assertThat(m.path("rates")).hasSize(2);
            assertThat(m.path("clockDrift").path("driftMs").asLong()).isEqualTo(1700);
            assertThat(m.path("errorStats").get(0).path("errorPct").asDouble()).isEqualTo(20.0);
            assertThat(m.path("activeAlerts")).hasSize(1);
            assertThat(m.path("activeAlerts").get(0).path("rule").asText()).isEqualTo("error-rate");

            final JsonNode failed = api.get("/api/v1/meters/m-005").json();
            assertThat(failed.path("latestReading").path("error").asText()).isEqualTo("no answer");
            assertThat(failed.path("clockDrift").isNull()).isTrue();
        });
    }

    @Test
    void unknownMetersAreNotFoundWhateverTheyContain() {
        withApi(api -> {
            for (String id : List.of("nope", "x'; DROP TABLE meter_latest_reading; --", "%' OR '1'='1", "m-001\"}")) {
                final ApiClient.Answer answer = api.get("/api/v1/meters/" + encode(id));
                assertThat(answer.status()).as(id).isEqualTo(404);
                assertThat(answer.contentType()).startsWith(PROBLEM);
                assertThat(answer.json().path("detail").asText()).contains("No meter");
                assertThat(api.get("/api/v1/meters/" + encode(id) + "/readings").status()).isEqualTo(404);
            }
            assertThat(api.get("/api/v1/meters?limit=500").json().path("items")).hasSize(ReadModelFixture.METERS);
        });
    }

    /**
     * Meter documents are read for all waiting requests at once (MeterDocuments): requests that arrive together, for
     * different meters, the same meter twice and unknown meters, each get their own meter's document, byte for byte
     * what the request alone got, or 404.
     */
    @Test
    void concurrentRequestsEachGetTheirOwnMetersDocument() {
        withApi(api -> {
            final List<String> ids = new ArrayList<>();
            final Map<String, String> alone = new HashMap<>();
            for (int i = 0; i < ReadModelFixture.METERS; i++) {
                final String id = "m-%03d".formatted(i);
                ids.add(id);
                alone.put(id, api.get("/api/v1/meters/" + id).body());
            }
            ids.add("nope");
            final List<String> requests = new ArrayList<>();
            for (int round = 0; round < 25; round++) {
                requests.addAll(ids);
            }
            Collections.shuffle(requests, new Random(18));
            final ExecutorService clients = Executors.newFixedThreadPool(16);
            try {
                final List<Future<ApiClient.Answer>> answers = new ArrayList<>();
                requests.forEach(id -> answers.add(clients.submit(() -> api.get("/api/v1/meters/" + id))));
                for (int i = 0; i < requests.size(); i++) {
                    final String id = requests.get(i);
                    final ApiClient.Answer answer = answers.get(i).get();
                    if (alone.containsKey(id)) {
                        assertThat(answer.status()).as(id).isEqualTo(200);
                        assertThat(answer.body()).as(id).isEqualTo(alone.get(id));
                    } else {
                        assertThat(answer.status()).as(id).isEqualTo(404);
                    }
                }
            } catch (InterruptedException | ExecutionException e) {
                throw new AssertionError(e);
            } finally {
                clients.shutdownNow();
            }
        });
    }

    @Test
    void historyPagesThroughOneMeterDayInOrder() {
        withApi(api -> {
            final String base = "/api/v1/meters/m-001/readings?from=2026-03-10T00:00:00Z&to=2026-03-11T00:00:00Z";
            final List<Long> times = collect(api, base + "&limit=50", "collectedAt");
            assertThat(times).hasSize(ReadModelFixture.READINGS_OF_M001).isSorted().doesNotHaveDuplicates();

            final List<Long> rates = collect(api, "/api/v1/meters/m-001/rates?from=2026-03-10T00:00:00Z&limit=3", "to");
            assertThat(rates).hasSize(10);
            assertThat(collect(api, "/api/v1/meters/m-001/clock-drift?from=" + NOW.minus(Duration.ofHours(2)).toEpochMilli()
                    + "&to=" + NOW.toEpochMilli(), "driftMs")).containsExactly(1500L, 1700L);
            assertThat(collect(api, "/api/v1/meters/m-001/error-stats?limit=1", "total")).containsExactly(60L, 5L);
            final JsonNode empty = api.get("/api/v1/meters/m-002/readings").json();
            assertThat(empty.path("items")).isEmpty();
            assertThat(empty.path("to").asLong()).isEqualTo(NOW.toEpochMilli());
        });
    }

    @Test
    void clockSyncAttemptsAndIntervalQualityAreListedPerMeter() {
        withApi(api -> {
            final JsonNode syncs = api.get("/api/v1/meters/m-002/clock-sync?from=2026-03-10T00:00:00Z"
                    + "&to=2026-03-11T00:00:00Z").json();
            assertThat(syncs.path("kind").asText()).isEqualTo("clock-sync");
            assertThat(syncs.path("items")).hasSize(2);
            final JsonNode refused = syncs.path("items").get(0);
            assertThat(refused.path("result").asText()).isEqualTo("REFUSED");
            assertThat(refused.path("method").asText()).isEqualTo("SHIFT_TIME");
            assertThat(refused.path("driftBeforeMs").asLong()).isEqualTo(-600_400L);
            assertThat(refused.path("error").asText()).contains("READ_WRITE_DENIED");
            assertThat(syncs.path("items").get(1).path("driftAfterMs").isNull()).isTrue();
            assertThat(collect(api, "/api/v1/meters/m-001/clock-sync?from=2026-03-10T00:00:00Z&to=2026-03-11T00:00:00Z",
                    "driftAfterMs")).containsExactly(12L);

            final JsonNode intervals = api.get("/api/v1/meters/m-001/intervals?view=raw&from=2026-03-10T00:00:00Z"
                    + "&to=2026-03-11T00:00:00Z").json().path("items");
            assertThat(intervals).hasSize(3);
            assertThat(intervals.get(1).has("quality")).as("the raw view has no verdict").isFalse();
            assertThat(intervals.get(0).path("clockOffsetMs").isNull()).as("a row of schema 1.0.0").isTrue();
            assertThat(intervals.get(0).path("provenance").asText()).isEqualTo("POLL");
            assertThat(intervals.get(1).path("flags").toString()).isEqualTo("[\"POWER_DOWN\",\"CLOCK_SUSPECT\"]");
            assertThat(intervals.get(1).path("statusFlags").asInt()).isEqualTo(160);
            assertThat(intervals.get(1).path("clockOffsetMs").asLong()).isEqualTo(90_120L);
            assertThat(intervals.get(2).path("flags")).isEmpty();
        });
    }

    @Test
    void intervalsShowTheirHighestValidatedVersionAndEstimatesFillGaps() {
        withApi(api -> {
            final String range = "from=2026-03-10T00:00:00Z&to=2026-03-11T00:00:00Z";
            final JsonNode items = api.get("/api/v1/meters/m-001/intervals?" + range).json().path("items");
            assertThat(items).extracting(i -> i.path("capturedAt").asLong()).containsExactly(
                    instant("2026-03-10T10:15:00Z"), instant("2026-03-10T10:30:00Z"), instant("2026-03-10T10:45:00Z"),
                    instant("2026-03-10T11:00:00Z"));
            final JsonNode estimate = items.get(0);
            assertThat(estimate.path("quality").asText()).isEqualTo("ESTIMATED");
            assertThat(estimate.path("provenance").isNull()).isTrue();
            assertThat(estimate.path("statusFlags").isNull()).isTrue();
            assertThat(estimate.path("values").get(0).path("value").asDouble()).isEqualTo(1175.0);
            assertThat(estimate.path("reasons").get(0).path("rule").asText()).isEqualTo("LINEAR_INTERPOLATION");
            final JsonNode notYetValidated = items.get(1);
            assertThat(notYetValidated.path("quality").isNull()).isTrue();
            assertThat(notYetValidated.path("version").isNull()).isTrue();
            assertThat(notYetValidated.path("provenance").asText()).isEqualTo("POLL");
            final JsonNode suspect = items.get(2);
            assertThat(suspect.path("quality").asText()).isEqualTo("SUSPECT");
            assertThat(suspect.path("reasons").get(0).path("message").asText()).contains("90.1 s");
            assertThat(suspect.path("statusFlags").asInt()).as("from the raw row").isEqualTo(160);
            final JsonNode revised = items.get(3);
            assertThat(revised.path("version").asInt()).isEqualTo(2);
            assertThat(revised.path("provenance").asText()).isEqualTo("BACKFILL");
            assertThat(revised.path("reasons")).isEmpty();
            assertThat(revised.path("validatedAt").asLong()).isEqualTo(instant("2026-03-10T11:20:00Z"));

            assertThat(collect(api, "/api/v1/meters/m-001/intervals?limit=1&" + range, "capturedAt"))
                    .as("pages of one through both tables").hasSize(4).isSorted().doesNotHaveDuplicates();
            assertThat(collect(api, "/api/v1/meters/m-001/intervals?view=RAW&limit=2&" + range, "capturedAt"))
                    .hasSize(3);
            assertThat(api.get("/api/v1/meters/m-001/intervals?view=validated&" + range).json().path("items"))
                    .hasSize(4);
        });
    }

    @Test
    void completenessPerMeterDayWithGapsAndTheirRereads() {
        withApi(api -> {
            final JsonNode m001 = api.get("/api/v1/meters/m-001/completeness?from=2026-03-09T00:00:00Z"
                    + "&to=2026-03-11T00:00:00Z").json();
            assertThat(m001.path("days")).extracting(d -> d.path("day").asText())
                    .containsExactly("2026-03-09", "2026-03-10");
            final JsonNode complete = m001.path("days").get(0);
            assertThat(complete.path("complete").asBoolean()).isTrue();
            assertThat(complete.path("share").asDouble()).isEqualTo(1.0);
            assertThat(complete.path("gaps")).isEmpty();
            final JsonNode today = m001.path("days").get(1);
            assertThat(today.path("complete").asBoolean()).isFalse();
            assertThat(today.path("expected").asInt()).isEqualTo(44);
            assertThat(today.path("estimated").asInt()).isEqualTo(1);
            assertThat(today.path("missing").asInt()).isEqualTo(2);
            assertThat(today.path("share").asDouble()).isEqualTo(42.0 / 44);
            final JsonNode estimated = today.path("gaps").get(0);
            assertThat(estimated.path("state").asText()).isEqualTo("ESTIMATED");
            assertThat(estimated.path("backfill").path("result").asText()).isEqualTo("UNRECOVERABLE");
            assertThat(estimated.path("backfill").path("attempt").asInt()).isEqualTo(3);
            assertThat(estimated.path("backfill").path("error").asText()).contains("buffer starts at");
            final JsonNode requested = today.path("gaps").get(1);
            assertThat(requested.path("state").asText()).isEqualTo("REQUESTED");
            assertThat(requested.path("intervals").asInt()).isEqualTo(2);
            assertThat(requested.path("backfill").path("requestId").asText())
                    .isEqualTo("m-001/1773142200000/1773143100000");
            assertThat(requested.path("backfill").path("result").isNull()).as("no outcome yet").isTrue();

            assertThat(api.get("/api/v1/meters/m-001/completeness?from=2026-03-10T00:00:00Z&to=2026-03-10T12:00:00Z")
                    .json().path("days")).hasSize(1);
            assertThat(api.get("/api/v1/meters/m-004/completeness").json().path("days"))
                    .as("a known meter the ledger has not written for").isEmpty();
            assertThat(api.get("/api/v1/meters/nope/completeness").status()).isEqualTo(404);
        });
    }

    @Test
    void fleetCompletenessOfADay() {
        withApi(api -> {
            final JsonNode yesterday = api.get("/api/v1/fleet/completeness").json();
            assertThat(yesterday.path("day").asText()).isEqualTo("2026-03-09");
            assertThat(yesterday.path("meters").asInt()).isEqualTo(3);
            assertThat(yesterday.path("completeMeters").asInt()).isEqualTo(2);
            assertThat(yesterday.path("completeShare").asDouble()).isEqualTo(2.0 / 3);
            assertThat(yesterday.path("expected").asLong()).isEqualTo(288);
            assertThat(yesterday.path("missing").asLong()).isEqualTo(96);
            assertThat(yesterday.path("ratio").asDouble()).isEqualTo(192.0 / 288);
            assertThat(yesterday.path("distribution")).extracting(b -> b.path("min").asDouble() + "-"
                    + b.path("max").asDouble() + ":" + b.path("meters").asInt())
                    .containsExactly("1.0-1.0:2", "0.99-1.0:0", "0.95-0.99:0", "0.9-0.95:0", "0.5-0.9:0", "0.0-0.5:1");
            assertThat(yesterday.path("gapStates").path("UNRECOVERABLE").path("intervals").asInt()).isEqualTo(96);
            assertThat(yesterday.path("gapStates").path("RECOVERED").path("gaps").asInt()).isEqualTo(1);
            assertThat(yesterday.path("gapStates").path("MISSING").path("gaps").asInt()).isZero();

            final JsonNode today = api.get("/api/v1/fleet/completeness?day=2026-03-10").json();
            assertThat(today.path("meters").asInt()).isEqualTo(1);
            assertThat(today.path("completeMeters").asInt()).isZero();
            assertThat(today.path("gapStates").path("REQUESTED").path("intervals").asInt()).isEqualTo(2);
            final JsonNode empty = api.get("/api/v1/fleet/completeness?day=2026-01-01").json();
            assertThat(empty.path("meters").asInt()).isZero();
            assertThat(empty.path("completeShare").isNull()).isTrue();
            assertThat(empty.path("ratio").isNull()).isTrue();
        });
    }

    private static long instant(String iso) {
        return java.time.Instant.parse(iso).toEpochMilli();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "/api/v1/meters?limit=0|limit",
            "/api/v1/meters?limit=501|limit",
            "/api/v1/meters?limit=abc|limit",
            "/api/v1/meters?limit=99999999999999999999999|limit",
            "/api/v1/meters?cursor=not-a-cursor!!|cursor",
            "/api/v1/meters?cursor=bWV0ZXJz|cursor",
            "/api/v1/meters/m-001/readings?from=2026-03-10T10:00:00Z&to=2026-03-10T09:00:00Z|from",
            "/api/v1/meters/m-001/readings?from=0&to=9999999999999|from",
            "/api/v1/meters/m-001/readings?from=yesterday|from",
            "/api/v1/meters/m-001/readings?to=99999999999999999999999999|to",
            "/api/v1/meters/m-001/readings?to=-5|to",
            "/api/v1/meters/m-001/readings?from=1%27%3B%20DROP%20TABLE%20reading_history%3B--|from",
            "/api/v1/alerts?state=BURNING|state",
            "/api/v1/meters/m-001/intervals?view=cooked|view",
            "/api/v1/meters/m-001/readings?view=raw|view",
            "/api/v1/meters/m-001/completeness?from=yesterday|from",
            "/api/v1/meters/m-001/completeness?from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z|from",
            "/api/v1/fleet/completeness?day=yesterday|day",
            "/api/v1/fleet/completeness?day=2026-02-30|day",
            "/api/v1/alerts?severity=1%20OR%201%3D1|severity",
            "/api/v1/alerts/history?from=2026-03-10T12:00:00Z&to=2026-03-10T12:00:00Z|from"})
    void badInputIsA400ProblemNamingTheParameter(String path, String parameter) {
        withApi(api -> {
            final ApiClient.Answer answer = api.get(path);
            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.contentType()).startsWith(PROBLEM);
            assertThat(answer.json().path("parameter").asText()).isEqualTo(parameter);
            assertThat(answer.json().path("requestId").asText()).isEqualTo(answer.requestId());
            assertThat(answer.body()).doesNotContain("Exception").doesNotContain("at io.");
        });
    }

    @Test
    void cursorsBelongToTheirListing() {
        withApi(api -> {
            final String cursor = api.get("/api/v1/meters/m-001/readings?from=2026-03-10T00:00:00Z&limit=2").json()
                    .path("nextCursor").asText();
            final ApiClient.Answer answer = api.get("/api/v1/meters/m-002/readings?cursor=" + cursor);
            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.json().path("parameter").asText()).isEqualTo("cursor");
            assertThat(api.get("/api/v1/meters/m-001/temperatures").status()).isEqualTo(404);
            assertThat(api.get("/api/v2/nothing").contentType()).startsWith(PROBLEM);
        });
    }

    @Test
    void currentAlertsAreFilteredByStateSeverityAndMeter() {
        withApi(api -> {
            assertThat(rules(api.get("/api/v1/alerts").json())).containsExactly(
                    "m-001/error-rate", "m-002/clock-drift", "m-003/silent", "m-004/publication-rate");
            assertThat(rules(api.get("/api/v1/alerts?state=resolved").json())).containsExactly("m-001/clock-drift");
            assertThat(rules(api.get("/api/v1/alerts?severity=CRITICAL").json())).containsExactly("m-002/clock-drift");
            assertThat(rules(api.get("/api/v1/alerts?meterId=m-003").json())).containsExactly("m-003/silent");
            final JsonNode first = api.get("/api/v1/alerts?limit=3").json();
            final JsonNode rest = api.get("/api/v1/alerts?limit=3&cursor=" + first.path("nextCursor").asText()).json();
            assertThat(rules(rest)).containsExactly("m-004/publication-rate");
        });
    }

    @Test
    void currentAlertsAndTheMeterDocumentShowAcknowledgementAssigneeAndComments() {
        withApi(api -> {
            final JsonNode drift = api.get("/api/v1/alerts?meterId=m-002").json().path("items").get(0);
            assertThat(drift.path("acknowledgedBy").asText()).isEqualTo("ops-bob");
            assertThat(drift.path("acknowledgedAt").asLong()).isEqualTo(NOW.minus(Duration.ofMinutes(35)).toEpochMilli());
            assertThat(drift.path("assignee").asText()).isEqualTo("carol");
            assertThat(drift.path("shelvedUntil").isNull()).isTrue();
            assertThat(drift.path("comments")).singleElement().satisfies(c -> {
                assertThat(c.path("comment").asText()).isEqualTo("replacing the battery");
                assertThat(c.path("actor").asText()).isEqualTo("ops-bob");
            });
            final JsonNode unacknowledged = api.get("/api/v1/alerts?meterId=m-001").json().path("items").get(0);
            assertThat(unacknowledged.path("acknowledgedBy").isNull()).isTrue();
            assertThat(unacknowledged.path("comments")).isEmpty();
            final JsonNode meter = api.get("/api/v1/meters/m-002").json();
            assertThat(meter.path("activeAlerts").get(0).path("assignee").asText()).isEqualTo("carol");
            assertThat(meter.path("activeAlerts").get(0).path("comments").get(0).path("comment").asText())
                    .isEqualTo("replacing the battery");
        });
    }

    @Test
    void availabilityPerDayAndTheFleetHistogram() {
        withApi(api -> {
            final JsonNode m001 = api.get("/api/v1/meters/m-001/availability?from=2026-03-09T00:00:00Z&to=2026-03-10T12:00:00Z")
                    .json();
            assertThat(m001.path("expectedIntervalMs").asLong()).isEqualTo(60_000);
            assertThat(m001.path("days")).hasSize(2);
            final JsonNode before = m001.path("days").get(0);
            assertThat(before.path("day").asText()).isEqualTo("2026-03-09");
            assertThat(before.path("expected").asLong()).isEqualTo(1440);
            assertThat(before.path("receivedOk").asLong()).isZero();
            final JsonNode today = m001.path("days").get(1);
            // Twelve hours of the day have passed (the API's clock): 720 readings expected, 180 received OK.
            assertThat(today.path("expected").asLong()).isEqualTo(720);
            assertThat(today.path("received").asLong()).isEqualTo(180);
            assertThat(today.path("share").asDouble()).isEqualTo(0.25);

            final JsonNode unknownInterval = api.get("/api/v1/meters/m-003/availability").json();
            assertThat(unknownInterval.path("expectedIntervalMs").isNull()).isTrue();
            assertThat(unknownInterval.path("days").get(0).path("share").isNull()).isTrue();
            assertThat(api.get("/api/v1/meters/nope/availability").status()).isEqualTo(404);
            assertThat(api.get("/api/v1/meters/m-001/availability?from=yesterday").json().path("parameter").asText())
                    .isEqualTo("from");

            final String metrics = api.get("/metrics").body();
            assertThat(metrics).contains("# TYPE meterflow_meter_availability_ratio histogram")
                    .contains("meterflow_meter_availability_ratio_bucket{day=\"current\",le=\"0.5\"} 2")
                    .contains("meterflow_meter_availability_ratio_count{day=\"current\"} 2")
                    .contains("meterflow_meter_availability_ratio_sum{day=\"current\"} 0.25")
                    .doesNotContain("meterId=\"", "m-001");
        });
    }

    @Test
    void alertHistoryListsTransitionsInTheRange() {
        withApi(api -> {
            assertThat(rules(api.get("/api/v1/alerts/history").json()))
                    .containsExactly("m-001/error-rate", "m-002/clock-drift", "m-001/error-rate");
            assertThat(api.get("/api/v1/alerts/history?meterId=m-002&from=2026-03-09T00:00:00Z").json()
                    .path("items")).hasSize(2);
            final JsonNode page = api.get("/api/v1/alerts/history?limit=1").json();
            final JsonNode second = api.get("/api/v1/alerts/history?limit=1&cursor=" + page.path("nextCursor").asText())
                    .json();
            assertThat(rules(second)).containsExactly("m-002/clock-drift");
        });
    }

    @Test
    void fleetSummaryCountsMetersStatusesStaleMetersAndAlerts() {
        withApi(api -> {
            final JsonNode s = api.get("/api/v1/fleet/summary").json();
            assertThat(s.path("meters").asInt()).isEqualTo(ReadModelFixture.METERS);
            assertThat(s.path("metersByStatus").path("TIMEOUT").asInt()).isEqualTo(1);
            assertThat(s.path("metersByStatus").path("OK").asInt()).isEqualTo(19);
            assertThat(s.path("staleMeters").asInt()).isEqualTo(1);
            assertThat(s.path("activeAlertsByState").path("FIRING").asInt()).isEqualTo(2);
            assertThat(s.path("activeAlertsBySeverity").path("CRITICAL").asInt()).isEqualTo(1);
            assertThat(s.path("fleetErrorStats").get(0).path("errorPct").asDouble()).isEqualTo(5.0);
        });
    }

    @Test
    void healthReadinessAndOpenApiDocument() {
        withApi(api -> {
            assertThat(api.get("/health").json().path("status").asText()).isEqualTo("UP");
            final JsonNode ready = api.get("/ready").json();
            assertThat(ready.path("status").asText()).isEqualTo("UP");
            assertThat(ready.path("components").path("database").has("responseTimeMs")).isTrue();
            assertThat(ready.path("components").path("freshness").path("ageSeconds").asLong()).isEqualTo(60);
            assertThat(api.get("/openapi.json").json().path("openapi").asText()).isEqualTo("3.1.0");
        });
        withApi(QueryApiConfig.defaults(db.jdbcUrl()), db.dataSource(),
                Clock.fixed(NOW.plus(Duration.ofMinutes(10)), ZoneOffset.UTC), api -> {
                    final ApiClient.Answer ready = api.get("/ready");
                    assertThat(ready.status()).isEqualTo(200);
                    assertThat(ready.json().path("status").asText()).isEqualTo("DEGRADED");
                });
        withApi(QueryApiConfig.defaults(db.jdbcUrl()), db.dataSource(),
                Clock.fixed(NOW.plus(Duration.ofHours(2)), ZoneOffset.UTC), api -> {
                    assertThat(api.get("/ready").status()).isEqualTo(503);
                });
    }

    @Test
    void databaseDownIsA503NotA500() {
        final PGSimpleDataSource down = new PGSimpleDataSource();
        down.setURL("jdbc:postgresql://127.0.0.1:1/nothing?connectTimeout=2");
        withApi(QueryApiConfig.defaults(db.jdbcUrl()), down, Clock.systemUTC(), api -> {
            final ApiClient.Answer ready = api.get("/ready");
            assertThat(ready.status()).isEqualTo(503);
            assertThat(ready.json().path("components").path("database").path("status").asText()).isEqualTo("DOWN");
            final ApiClient.Answer meters = api.get("/api/v1/meters");
            assertThat(meters.status()).isEqualTo(503);
            assertThat(meters.contentType()).startsWith(PROBLEM);
        });
    }

    /** Requests Jetty rejects before routing; raw bytes, since no HTTP client library sends them. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "bad % escape          | GET /api/v1/meters/%zz HTTP/1.1",
        "truncated % escape    | GET /api/v1/meters/m-001%4 HTTP/1.1",
        "encoded slash         | GET /api/v1/meters/m%2F001 HTTP/1.1",
        "URI too long          | GET /api/v1/meters/LONG HTTP/1.1",
        "control char header   | GET /health HTTP/1.1\\r\\nX-Note: bell\\007here",
        "header too large      | GET /health HTTP/1.1\\r\\nX-Pad: LONG",
        "bad content length    | GET /health HTTP/1.1\\r\\nContent-Length: many",
    })
    void malformedRequestsAreProblemsWithARequestIdNeverAStackTrace(String name, String head) {
        final String request = head.replace("LONG", "x".repeat(20_000)).translateEscapes()
                + "\r\nHost: localhost\r\nX-Request-ID: raw-" + name.hashCode() + "\r\nConnection: close\r\n\r\n";
        final Javalin app = ApiApp.create(db.dataSource(), QueryApiConfig.defaults(db.jdbcUrl()),
                Clock.fixed(NOW, ZoneOffset.UTC), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        JavalinTest.test(app, (server, client) -> {
            final RawResponse response = RawResponse.exchange(server.port(), request);
            assertThat(response.status()).as(response.toString()).isBetween(400, 499);
            assertThat(response.header("Content-Type")).as(response.toString()).startsWith(PROBLEM);
            assertThat(response.header("X-Request-ID")).isNotBlank();
            OpenApiContract.assertProblem(response.body());
            assertThat(response.body()).doesNotContain("Exception", "\tat ", "<html");
        });
    }

    @Test
    void requestIdsAreEchoedOrGenerated() {
        withApi(api -> {
            assertThat(api.get("/health", Map.of("X-Request-ID", "trace-42")).requestId()).isEqualTo("trace-42");
            assertThat(api.get("/health", Map.of("X-Request-ID", "bad id with spaces\t")).requestId())
                    .isNotEqualTo("bad id with spaces\t").hasSize(36);
            final ApiClient.Answer missing = api.get("/api/v1/meters/none", Map.of("X-Request-ID", "r-1"));
            assertThat(missing.json().path("requestId").asText()).isEqualTo("r-1");
        });
    }

    @Test
    void theRequestIdIsInTheLogLinesOfItsRequest() {
        final ch.qos.logback.classic.Logger access =
                (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("io.meterflow.api.access");
        final ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> captured =
                new ch.qos.logback.core.read.ListAppender<>();
        captured.start();
        access.addAppender(captured);
        try {
            withApi(api -> api.get("/api/v1/meters/m-001", Map.of("X-Request-ID", "log-me-77")));
        } finally {
            access.detachAppender(captured);
        }
        assertThat(captured.list).anySatisfy(event -> {
            assertThat(event.getMDCPropertyMap()).containsEntry("requestId", "log-me-77");
            assertThat(event.getFormattedMessage()).contains("GET /api/v1/meters/m-001 -> 200");
        });
    }

    @Test
    void apiKeysWhenConfigured() {
        final QueryApiConfig withKeys = QueryApiConfig.defaults(db.jdbcUrl()).withApiKeys(
                QueryApiConfig.parseKeys("k-1,reader:k-2"));
        withApi(withKeys, db.dataSource(), Clock.fixed(NOW, ZoneOffset.UTC), api -> {
            final ApiClient.Answer none = api.get("/api/v1/meters");
            assertThat(none.status()).isEqualTo(401);
            assertThat(none.contentType()).startsWith(PROBLEM);
            assertThat(api.get("/api/v1/meters", Map.of("X-API-Key", "wrong")).status()).isEqualTo(401);
            assertThat(api.get("/api/v1/meters", Map.of("X-API-Key", "k-2")).status()).isEqualTo(200);
            assertThat(api.get("/health").status()).isEqualTo(200);
        });
    }

    private static List<Long> collect(ApiClient api, String firstPage, String field) {
        final List<Long> values = new ArrayList<>();
        String cursor = null;
        do {
            final JsonNode page = api.get(firstPage + (cursor == null ? "" : "&cursor=" + cursor)).json();
            page.path("items").forEach(item -> values.add(item.path(field).asLong()));
            cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asText();
        } while (cursor != null);
        return values;
    }

    private static List<String> rules(JsonNode page) {
        final List<String> rules = new ArrayList<>();
        page.path("items").forEach(a -> rules.add(a.path("meterId").asText() + "/" + a.path("rule").asText()));
        return rules;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
