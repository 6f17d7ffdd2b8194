package io.meterflow.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import io.meterflow.api.db.ReadModelJson;
import io.meterflow.schema.readmodel.ReadModelMigrations;
import io.meterflow.testing.postgres.PostgresExtension;
import io.meterflow.testing.postgres.TestDatabase;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API writes reading items itself (ReadingPageWriter) instead of PostgreSQL's json_build_object: every item
 * must be the JSON that ReadModelJson.READING builds from the same row, also for sub-millisecond and pre-1970 times
 * (rounded as meterflow_epoch_ms rounds), NULLs, text that needs escaping and jsonb values as PostgreSQL prints them.
 */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadingJsonIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String METER = "m-\"odd\" ü";
    private TestDatabase db;

    @BeforeAll
    void loadReadings(TestDatabase database) {
        db = database;
        ReadModelMigrations.migrate(db.jdbcUrl(), db.user(), db.password());
        db.execute("""
                SELECT meterflow_ensure_partition('reading_history', '2026-03-10T00:00:00Z'::timestamptz);
                INSERT INTO meter_latest_reading (meter_id, collected_at, source, meter_time, latency_ms, status, error,
                                                  reading_values)
                VALUES ('m-"odd" ü', '2026-03-10T11:00:00Z', 'dlms', NULL, 1, 'OK', NULL, '[]');
                INSERT INTO reading_history (meter_id, collected_at, source, meter_time, latency_ms, status, error,
                                             reading_values)
                VALUES ('m-"odd" ü', '2026-03-10T10:00:00Z', 'dlms', '2026-03-10T09:59:58.250Z', 40, 'OK', NULL,
                        '[{"obis":"1.0.1.8.0.255","value":12345.60,"unit":"Wh"},
                          {"obis":"0.0.96.1.0.255","value":1E-7,"unit":"m³"},
                          {"obis":"1.0.32.7.0.255","value":-230,"unit":"V"}]'),
                       ('m-"odd" ü', '2026-03-10T10:00:01.0005Z', 'mqtt', '1969-12-31T23:59:59.9995Z', 0,
                        'PROTOCOL_ERROR', e'said "no" \\\\ then\\n\\ttab \\u0001 € 🙂', '[]'),
                       ('m-"odd" ü', '2026-03-10T10:00:02.0004Z', 'mqtt', '2026-03-10T10:00:02.0015Z',
                        9223372036854775807, 'TIMEOUT', '', '[]'),
                       ('m-"odd" ü', '2026-03-10T10:00:03.9994999Z', 'dlms', '1969-12-31T23:59:59.9994Z', 3,
                        'OK', NULL, '[{"obis":"1.0.1.8.0.255","value":0,"unit":"Wh"}]');
                """);
    }

    @Test
    void everyItemIsTheJsonPostgresqlBuildsFromTheRow() throws Exception {
        final List<JsonNode> expected = builtByPostgresql();
        assertThat(expected).hasSize(4);
        final Javalin app = ApiApp.create(db.dataSource(), QueryApiConfig.defaults(db.jdbcUrl()),
                Clock.fixed(Instant.parse("2026-03-10T12:00:00Z"), ZoneOffset.UTC),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        JavalinTest.test(app, (server, client) -> {
            final ApiClient api = new ApiClient(client);
            // Two pages of two: the cursor (whole milliseconds, as before) falls between rows, not inside one.
            final String first = "/api/v1/meters/m-%22odd%22%20%C3%BC/readings?from=2026-03-10T00:00:00Z"
                    + "&to=2026-03-11T00:00:00Z&limit=2";
            final JsonNode page1 = api.get(first).json();
            assertThat(page1.path("meterId").asText()).isEqualTo(METER);
            assertThat(page1.path("kind").asText()).isEqualTo("readings");
            assertThat(page1.path("from").asLong()).isEqualTo(Instant.parse("2026-03-10T00:00:00Z").toEpochMilli());
            assertThat(page1.path("to").asLong()).isEqualTo(Instant.parse("2026-03-11T00:00:00Z").toEpochMilli());
            final JsonNode page2 = api.get(first + "&cursor=" + page1.path("nextCursor").asText()).json();
            assertThat(page2.path("nextCursor").isNull()).isTrue();

            final List<JsonNode> items = new ArrayList<>();
            page1.path("items").forEach(items::add);
            page2.path("items").forEach(items::add);
            assertThat(items).containsExactlyElementsOf(expected);
            // The rounding the old SQL did, spelled out: .0005 ms up, pre-1970 half away from zero.
            assertThat(items.get(1).path("collectedAt").asLong())
                    .isEqualTo(Instant.parse("2026-03-10T10:00:01.001Z").toEpochMilli());
            assertThat(items.get(1).path("meterTime").asLong()).isEqualTo(-1);
            assertThat(items.get(3).path("meterTime").asLong()).isEqualTo(-1);
            assertThat(items.get(2).path("meterTime").asLong())
                    .isEqualTo(Instant.parse("2026-03-10T10:00:02.002Z").toEpochMilli());
        });
    }

    private List<JsonNode> builtByPostgresql() throws SQLException, java.io.IOException {
        final List<JsonNode> items = new ArrayList<>();
        try (Connection c = db.connect();
             PreparedStatement ps = c.prepareStatement("SELECT " + ReadModelJson.READING
                     + "::text FROM reading_history r WHERE r.meter_id = ? ORDER BY r.collected_at")) {
            ps.setString(1, METER);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    items.add(JSON.readTree(rs.getString(1)));
                }
            }
        }
        return items;
    }
}
