package io.meterflow.api;

import io.meterflow.api.alerts.AlertQueries;
import io.meterflow.api.completeness.FleetCompletenessHandler;
import io.meterflow.api.completeness.MeterCompletenessHandler;
import io.meterflow.api.meters.HistoryKind;
import io.meterflow.api.meters.MeterDocuments;
import io.meterflow.api.meters.MeterQueries;
import io.meterflow.schema.readmodel.ReadModelMigrations;
import io.meterflow.testing.postgres.PostgresExtension;
import io.meterflow.testing.postgres.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hot queries are index scans, not table scans, on a read model big enough for the planner to care:
 * 20,000 meters and one day of readings (one a minute) for 100 meters.
 */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryPlanIT {

    private static final Instant DAY = Instant.parse("2026-03-10T00:00:00Z");
    private TestDatabase db;

    @BeforeAll
    void fillReadModel(TestDatabase database) {
        db = database;
        ReadModelMigrations.migrate(db.jdbcUrl(), db.user(), db.password());
        db.execute("""
                SELECT meterflow_ensure_partition(t, '2026-03-10T00:00:00Z'::timestamptz)
                FROM unnest(ARRAY['reading_history', 'rate_history', 'clock_drift_history', 'error_stats_history',
                                  'alert_transition', 'interval_history', 'interval_validated']) AS t;
                INSERT INTO meter_latest_reading
                SELECT 'm-' || lpad(i::text, 6, '0'), 'dlms', '2026-03-10T11:00:00Z', NULL, 40, 'OK', NULL, '[]'
                FROM generate_series(1, 20000) AS i;
                INSERT INTO meter_latest_rate
                SELECT 'm-' || lpad(i::text, 6, '0'), '1.0.1.8.0.255', '2026-03-10T10:45:00Z', '2026-03-10T11:00:00Z',
                       1, 'Wh', 4, 'W', 'NORMAL'
                FROM generate_series(1, 20000) AS i;
                INSERT INTO meter_latest_clock_drift
                SELECT 'm-' || lpad(i::text, 6, '0'), '2026-03-10T11:00:00Z', 100, 0.1, 5
                FROM generate_series(1, 20000) AS i;
                INSERT INTO meter_latest_error_stats
                SELECT 'm-' || lpad(i::text, 6, '0'), 300000, '2026-03-10T10:55:00Z', '2026-03-10T11:00:00Z', 5, 0, 0,
                       '{"OK":5}', 5, 100
                FROM generate_series(1, 20000) AS i;
                INSERT INTO alert_current
                SELECT 'm-' || lpad(i::text, 6, '0'), 'error-rate', CASE WHEN i % 50 = 0 THEN 'FIRING' ELSE 'RESOLVED' END,
                       'HIGH', '2026-03-10T10:00:00Z', '2026-03-10T10:00:00Z', 1, 5, 0, 'x'
                FROM generate_series(1, 20000) AS i;
                INSERT INTO reading_history
                SELECT 'm-' || lpad(m::text, 6, '0'), '2026-03-10T00:00:00Z'::timestamptz + (s * interval '1 minute'),
                       'dlms', NULL, 40, 'OK', NULL, '[]'
                FROM generate_series(1, 100) AS m, generate_series(0, 1439) AS s;
                INSERT INTO alert_transition
                SELECT 'm-' || lpad(m::text, 6, '0'), 'error-rate', 'FIRING', 'HIGH', '2026-03-10T00:00:00Z',
                       '2026-03-10T00:00:00Z'::timestamptz + (s * interval '1 minute'), 1, 5, 1, 'x'
                FROM generate_series(1, 100) AS m, generate_series(0, 299) AS s;
                INSERT INTO interval_history (meter_id, captured_at, interval_values, status_flags)
                SELECT 'm-' || lpad(m::text, 6, '0'), '2026-03-10T00:00:00Z'::timestamptz + (s * interval '15 minutes'),
                       '[]', 0
                FROM generate_series(1, 100) AS m, generate_series(0, 95) AS s;
                INSERT INTO interval_validated (meter_id, captured_at, version, quality, reasons, validated_at, provenance,
                                                interval_values, flags)
                SELECT 'm-' || lpad(m::text, 6, '0'), '2026-03-10T00:00:00Z'::timestamptz + (s * interval '15 minutes'),
                       1, 'VALID', '[]', '2026-03-10T12:00:00Z', 'POLL', '[]', '[]'
                FROM generate_series(1, 100) AS m, generate_series(0, 95) AS s;
                INSERT INTO meter_completeness (meter_id, day, capture_period_seconds, expected, received, estimated,
                                                missing, gaps, updated_at)
                SELECT 'm-' || lpad(m::text, 6, '0'), d::date, 900, 96, 96, 0, 0, '[]', d + interval '1 day'
                FROM generate_series(1, 20000) AS m,
                     generate_series('2026-03-01'::timestamp, '2026-03-10'::timestamp, interval '1 day') AS d;
                INSERT INTO backfill_request (request_id, meter_id, from_time, to_time, capture_period_seconds, reason,
                                              attempt, requested_at)
                SELECT 'm-' || lpad(m::text, 6, '0') || '/' || d, 'm-' || lpad(m::text, 6, '0'),
                       '2026-03-10T00:00:00Z'::timestamptz + d * interval '1 hour',
                       '2026-03-10T00:15:00Z'::timestamptz + d * interval '1 hour', 900, 'GAP', 1, '2026-03-10T12:00:00Z'
                FROM generate_series(1, 20000) AS m, generate_series(0, 2) AS d;
                ANALYZE;
                """);
    }

    @Test
    void validatedIntervalsMergeTwoIndexRangeScans() throws SQLException {
        final Object[] params = {"m-000042", at(DAY), at(DAY.plusSeconds(86_400)), at(Instant.ofEpochMilli(-1)), 101};
        final Object[] both = new Object[11];
        System.arraycopy(params, 0, both, 0, 5);
        System.arraycopy(params, 0, both, 5, 5);
        both[10] = 101;
        assertThat(explain(HistoryKind.VALIDATED_INTERVALS.sql(), both))
                .contains("interval_history_p20260310_pkey").contains("interval_validated_p20260310_pkey")
                .doesNotContain("Seq Scan");
    }

    @Test
    void completenessOfAMeterIsAPrimaryKeyRangeAndOfTheFleetADayIndexScan() throws SQLException {
        assertThat(explain(MeterCompletenessHandler.DAYS, "m-000042", 0L, 1L, "m-000042",
                java.time.LocalDate.parse("2026-03-01"), java.time.LocalDate.parse("2026-03-10")))
                .contains("meter_completeness_pkey").doesNotContain("Seq Scan");
        assertThat(explain(FleetCompletenessHandler.FLEET, java.time.LocalDate.parse("2026-03-09"),
                java.time.LocalDate.parse("2026-03-09"))).contains("meter_completeness_day_idx")
                .doesNotContain("Seq Scan on meter_completeness");
    }

    @Test
    void meterDetailIsOnePrimaryKeyLookupPerStoredDocument() throws SQLException {
        final String plan = explain(MeterDocuments.DOCUMENTS, (Object) new String[] {"m-000042", "m-000043", "m-000007"});
        assertThat(plan).contains("meter_document_pkey").doesNotContain("Seq Scan").doesNotContain("SubPlan");
    }

    @Test
    void meterListPagesThroughThePrimaryKey() throws SQLException {
        assertThat(explain(MeterQueries.LIST, "m-010000", 101)).contains("meter_latest_reading_pkey")
                .doesNotContain("Seq Scan").doesNotContain("Sort");
    }

    @Test
    void oneMeterDayOfHistoryIsOneIndexRangeScan() throws SQLException {
        final String plan = explain(HistoryKind.READINGS.sql(), "m-000042", at(DAY), at(DAY.plusSeconds(86_400)),
                at(Instant.ofEpochMilli(-1)), 501);
        assertThat(plan).containsPattern("Index (Only )?Scan").contains("reading_history_p20260310_pkey")
                .doesNotContain("Seq Scan").doesNotContain("Sort");
    }

    @Test
    void alertQueriesUseTheirIndexes() throws SQLException {
        assertThat(explain(AlertQueries.CURRENT, new String[] {"FIRING"}, null, null, null, null, "", "", 101))
                .doesNotContain("Seq Scan");
        assertThat(explain(AlertQueries.HISTORY, at(DAY), at(DAY.plusSeconds(3600)), "m-000042", "m-000042",
                at(Instant.ofEpochMilli(-1)), "", "", "", 101)).doesNotContain("Seq Scan");
    }

    private static OffsetDateTime at(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private String explain(String sql, Object... params) throws SQLException {
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement("EXPLAIN " + sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            final List<String> lines = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    lines.add(rs.getString(1));
                }
            }
            return String.join("\n", lines);
        }
    }
}
