package io.meterflow.api;

import io.meterflow.schema.readmodel.ReadModelMigrations;
import io.meterflow.testing.postgres.TestDatabase;

import java.time.Instant;

/**
 * A read model with known contents, written with SQL: 20 meters (m-000..m-019), three hours of readings of
 * meter m-001 (one a minute), rates with two registers at the same instants, alerts in every state.
 */
final class ReadModelFixture {

    static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
    static final int METERS = 20;
    static final int READINGS_OF_M001 = 180;

    private ReadModelFixture() {
    }

    static void load(TestDatabase db) {
        ReadModelMigrations.migrate(db.jdbcUrl(), db.user(), db.password());
        db.execute("""
                SELECT meterflow_ensure_partition(t, '2026-03-10T00:00:00Z'::timestamptz)
                FROM unnest(ARRAY['reading_history', 'rate_history', 'clock_drift_history', 'error_stats_history',
                                  'alert_transition', 'interval_history', 'clock_sync_history', 'interval_validated',
                                  'interval_validated_history']) AS t;
                SELECT meterflow_ensure_partition(t, '2026-03-09T00:00:00Z'::timestamptz)
                FROM unnest(ARRAY['reading_history', 'alert_transition']) AS t;

                INSERT INTO meter_latest_reading (meter_id, collected_at, source, meter_time, latency_ms, status, error,
                                                  reading_values)
                SELECT 'm-' || lpad(i::text, 3, '0'), '2026-03-10T11:59:00Z'::timestamptz - (i * interval '30 seconds'),
                       CASE WHEN i % 2 = 0 THEN 'dlms' ELSE 'mqtt' END,
                       CASE WHEN i = 5 THEN NULL ELSE '2026-03-10T11:59:00Z'::timestamptz END, 40,
                       CASE WHEN i = 5 THEN 'TIMEOUT' ELSE 'OK' END, CASE WHEN i = 5 THEN 'no answer' END,
                       CASE WHEN i = 5 THEN '[]'::jsonb
                            ELSE '[{"obis":"1.0.1.8.0.255","value":1234.5,"unit":"Wh"}]'::jsonb END
                FROM generate_series(0, 19) AS i;
                -- m-019 went silent long ago: stale in the fleet summary.
                UPDATE meter_latest_reading SET collected_at = '2026-03-09T12:00:00Z' WHERE meter_id = 'm-019';

                INSERT INTO reading_history (meter_id, collected_at, source, meter_time, latency_ms, status, error,
                                             reading_values)
                SELECT 'm-001', '2026-03-10T09:00:00Z'::timestamptz + (i * interval '1 minute'), 'mqtt', NULL, 0,
                       'OK', NULL, '[{"obis":"1.0.1.8.0.255","value":1.0,"unit":"Wh"}]'::jsonb
                FROM generate_series(0, 179) AS i;

                INSERT INTO rate_history (meter_id, obis, from_time, to_time, delta, delta_unit, rate, unit, kind)
                SELECT 'm-001', obis, '2026-03-10T09:00:00Z'::timestamptz + (i * interval '15 minutes'),
                       '2026-03-10T09:15:00Z'::timestamptz + (i * interval '15 minutes'), 25, 'Wh', 100, 'W', 'NORMAL'
                FROM generate_series(0, 4) AS i, unnest(ARRAY['1.0.1.8.0.255', '1.0.2.8.0.255']) AS obis;
                INSERT INTO meter_latest_rate (meter_id, obis, from_time, to_time, delta, delta_unit, rate, unit, kind)
                SELECT 'm-001', obis, '2026-03-10T10:00:00Z', '2026-03-10T10:15:00Z', 25, 'Wh', 100, 'W', 'NORMAL'
                FROM unnest(ARRAY['1.0.1.8.0.255', '1.0.2.8.0.255']) AS obis;

                INSERT INTO clock_drift_history (meter_id, at, drift_ms, trend_seconds_per_day, samples)
                VALUES ('m-001', '2026-03-10T11:00:00Z', 1500, NULL, 1), ('m-001', '2026-03-10T11:30:00Z', 1700, 0.9, 2);
                INSERT INTO meter_latest_clock_drift VALUES ('m-001', '2026-03-10T11:30:00Z', 1700, 0.9, 2);

                INSERT INTO clock_sync_history (meter_id, at, drift_before_ms, method, result, error, drift_after_ms)
                VALUES ('m-001', '2026-03-10T11:00:00Z', 90120, 'WRITE_TIME', 'OK', NULL, 12),
                       ('m-002', '2026-03-10T10:00:00Z', -600400, 'SHIFT_TIME', 'REFUSED',
                        'SET time: READ_WRITE_DENIED; shift_time: READ_WRITE_DENIED', -600380),
                       ('m-002', '2026-03-10T11:00:00Z', -603000, 'WRITE_TIME', 'FAILED', 'no answer within 5000 ms', NULL);

                INSERT INTO interval_history (meter_id, captured_at, interval_values, status_flags, flags, clock_offset_ms,
                                              provenance)
                VALUES ('m-001', '2026-03-10T10:45:00Z', '[{"obis":"1.0.1.8.0.255","value":1200.0,"unit":"Wh"}]', 160,
                        '["POWER_DOWN", "CLOCK_SUSPECT"]', 90120, 'POLL'),
                       ('m-001', '2026-03-10T11:00:00Z', '[{"obis":"1.0.1.8.0.255","value":1225.0,"unit":"Wh"}]', 0,
                        '[]', 12, 'POLL');
                -- A row written before meter-intervals 1.1.0: the migration's defaults, no offset.
                INSERT INTO interval_history (meter_id, captured_at, interval_values, status_flags)
                VALUES ('m-001', '2026-03-10T10:30:00Z', '[]', NULL);

                INSERT INTO error_stats_history (meter_id, window_start, window_end, total, failed, error_pct, by_status,
                                                 expected, publication_pct)
                VALUES ('m-001', '2026-03-10T11:00:00Z', '2026-03-10T11:05:00Z', 5, 1, 20, '{"OK":4,"TIMEOUT":1}', 5, 100),
                       ('m-001', '2026-03-10T10:05:00Z', '2026-03-10T11:05:00Z', 60, 1, 1.67, '{"OK":59,"TIMEOUT":1}', 60, 100);
                INSERT INTO meter_latest_error_stats VALUES
                    ('m-001', 300000, '2026-03-10T11:00:00Z', '2026-03-10T11:05:00Z', 5, 1, 20, '{"OK":4,"TIMEOUT":1}', 5, 100),
                    ('*', 300000, '2026-03-10T11:00:00Z', '2026-03-10T11:05:00Z', 100, 5, 5, '{"OK":95,"TIMEOUT":5}', NULL, NULL);

                INSERT INTO alert_current VALUES
                    ('m-001', 'error-rate', 'FIRING', 'HIGH', '2026-03-10T11:00:00Z', '2026-03-10T11:10:00Z', 20, 5, 2, 'error rate 20 %'),
                    ('m-001', 'clock-drift', 'RESOLVED', 'MEDIUM', '2026-03-10T10:00:00Z', '2026-03-10T10:30:00Z', 2, 10, 0, 'recovered'),
                    ('m-002', 'clock-drift', 'FIRING', 'CRITICAL', '2026-03-10T11:00:00Z', '2026-03-10T11:20:00Z', 65, 60, 3, 'drift 65 s'),
                    ('m-003', 'silent', 'NO_DATA', 'HIGH', '2026-03-10T11:00:00Z', '2026-03-10T11:30:00Z', NULL, NULL, 3, 'no data'),
                    ('m-004', 'publication-rate', 'PENDING', 'MEDIUM', '2026-03-10T11:40:00Z', '2026-03-10T11:40:00Z', 40, 50, 1, 'publication 40 %');
                INSERT INTO alert_transition VALUES
                    ('m-001', 'error-rate', 'PENDING', 'HIGH', '2026-03-10T11:00:00Z', '2026-03-10T11:00:00Z', 20, 5, 1, 'error rate 20 %'),
                    ('m-001', 'error-rate', 'FIRING', 'HIGH', '2026-03-10T11:00:00Z', '2026-03-10T11:10:00Z', 20, 5, 2, 'error rate 20 %'),
                    ('m-002', 'clock-drift', 'FIRING', 'CRITICAL', '2026-03-10T11:00:00Z', '2026-03-10T11:00:00Z', 65, 60, 3, 'drift 65 s'),
                    ('m-002', 'clock-drift', 'PENDING', 'MEDIUM', '2026-03-09T11:00:00Z', '2026-03-09T11:00:00Z', 15, 10, 1, 'drift 15 s');
                -- Operator workflow (schemas V4_3): m-002's critical drift is acknowledged, assigned and commented.
                UPDATE alert_current SET acknowledged_by = 'ops-bob', acknowledged_at = '2026-03-10T11:25:00Z',
                                         assignee = 'carol', workflow_at = '2026-03-10T11:26:00Z'
                WHERE meter_id = 'm-002' AND rule = 'clock-drift';
                INSERT INTO alert_action_log (command_id, meter_id, rule, action, actor, at, outcome, reason, message,
                                              comment, result)
                VALUES ('00000000-0000-3000-8000-000000000026', 'm-002', 'clock-drift', 'COMMENT', 'ops-bob',
                        '2026-03-10T11:26:00Z', 'APPLIED', NULL, NULL, 'replacing the battery', '{}'),
                       ('00000000-0000-3000-8000-000000000027', 'm-002', 'clock-drift', 'ACKNOWLEDGE', 'ops-eve',
                        '2026-03-10T11:27:00Z', 'REJECTED', 'ALREADY_ACKNOWLEDGED', NULL, 'rejected, not shown', '{}');

                -- Validation (schemas V4_4): 10:15 could not be read and was estimated; 10:45 is suspect (the clock was
                -- off); 11:00 is in its second version (re-read); 10:30 is not validated yet.
                INSERT INTO interval_validated (meter_id, captured_at, version, quality, reasons, validated_at, provenance,
                                                interval_values, flags, clock_offset_ms, capture_period_seconds)
                VALUES ('m-001', '2026-03-10T10:15:00Z', 1, 'ESTIMATED',
                        '[{"rule":"LINEAR_INTERPOLATION","message":"between 1150.0 Wh and 1200.0 Wh"}]',
                        '2026-03-10T11:30:00Z', NULL, '[{"obis":"1.0.1.8.0.255","value":1175.0,"unit":"Wh"}]', '[]', NULL, 900),
                       ('m-001', '2026-03-10T10:45:00Z', 1, 'SUSPECT',
                        '[{"rule":"CLOCK_SUSPECT","message":"captured while the meter clock was 90.1 s off"}]',
                        '2026-03-10T10:46:00Z', 'POLL', '[{"obis":"1.0.1.8.0.255","value":1200.0,"unit":"Wh"}]',
                        '["POWER_DOWN", "CLOCK_SUSPECT"]', 90120, 900),
                       ('m-001', '2026-03-10T11:00:00Z', 2, 'VALID', '[]', '2026-03-10T11:20:00Z', 'BACKFILL',
                        '[{"obis":"1.0.1.8.0.255","value":1225.0,"unit":"Wh"}]', '[]', 12, 900);

                -- The completeness ledger: m-001 was complete on the 9th and lacks three rows today (one estimated,
                -- two asked again); m-002 sent nothing on the 9th and its meter no longer holds the day; m-003
                -- recovered its gap. Fleet on the 9th: 3 meters, 2 complete.
                INSERT INTO meter_completeness (meter_id, day, capture_period_seconds, expected, received, estimated,
                                                missing, gaps, updated_at)
                VALUES ('m-001', '2026-03-09', 900, 96, 96, 0, 0, '[]', '2026-03-10T00:30:00Z'),
                       ('m-001', '2026-03-10', 900, 44, 41, 1, 2,
                        '[{"from":1773137700000,"to":1773137700000,"intervals":1,"state":"ESTIMATED","attempts":3,"since":1773142200000},
                          {"from":1773142200000,"to":1773143100000,"intervals":2,"state":"REQUESTED","attempts":1,"since":1773143400000}]',
                        '2026-03-10T11:50:00Z'),
                       ('m-002', '2026-03-09', 900, 96, 0, 0, 96,
                        '[{"from":1773014400000,"to":1773099900000,"intervals":96,"state":"UNRECOVERABLE","attempts":1,"since":1773104400000}]',
                        '2026-03-10T01:00:00Z'),
                       ('m-003', '2026-03-09', 900, 96, 96, 0, 0,
                        '[{"from":1773046800000,"to":1773047700000,"intervals":2,"state":"RECOVERED","attempts":1,"since":1773052200000}]',
                        '2026-03-09T10:30:00Z');
                INSERT INTO backfill_request (request_id, meter_id, from_time, to_time, capture_period_seconds, reason,
                                              attempt, requested_at, outcome_attempt, result, rows_read, buffer_start,
                                              outcome_at, error)
                VALUES ('m-001/1773137700000/1773137700000', 'm-001', '2026-03-10T10:15:00Z', '2026-03-10T10:15:00Z', 900,
                        'GAP', 3, '2026-03-10T11:00:00Z', 3, 'UNRECOVERABLE', 0, '2026-03-10T10:30:00Z',
                        '2026-03-10T11:01:00Z', 'the meter''s buffer starts at 2026-03-10T10:30:00Z'),
                       ('m-001/1773142200000/1773143100000', 'm-001', '2026-03-10T11:30:00Z', '2026-03-10T11:45:00Z', 900,
                        'GAP', 1, '2026-03-10T11:50:00Z', NULL, NULL, NULL, NULL, NULL, NULL);

                -- Expected intervals for availability: m-001 reads every minute, m-002 should but sent nothing.
                INSERT INTO meter_inventory (meter_id, protocol, expected_interval_ms)
                VALUES ('m-001', 'mqtt', 60000), ('m-002', 'mqtt', 60000);
                ANALYZE;
                """);
    }
}
