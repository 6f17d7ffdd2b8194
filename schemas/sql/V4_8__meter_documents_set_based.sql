-- The meter documents of many meters in one set-based query, for the build at commit (V4_7).
--
-- At the end-to-end benchmark's load (100,000 meters, each reading in a sink batch a different meter) the commit-time
-- build was 55-70 % of a sink transaction, one meterflow_meter_document(meter) call per meter (docs/benchmarks.md,
-- "End to end", second pass). The same 500 documents as one query with the parts joined laterally took 55 ms against
-- 115-265 ms as 500 calls. The per-meter function is now defined through the set-based one: one definition of the
-- document, its shape unchanged.

CREATE FUNCTION meterflow_meter_documents(meters text[]) RETURNS TABLE (meter_id text, document json)
LANGUAGE sql STABLE AS $$
SELECT m.meter_id, json_build_object('meterId', m.meter_id,
    'latestReading', meterflow_reading_json(m.meter_id, m.source, m.collected_at, m.meter_time, m.latency_ms,
        m.status, m.error, m.reading_values),
    'rates', coalesce(rates.j, '[]'::json),
    'clockDrift', drift.j,
    'errorStats', coalesce(stats.j, '[]'::json),
    'activeAlerts', coalesce(alerts.j, '[]'::json))
FROM meter_latest_reading m
LEFT JOIN LATERAL (SELECT json_agg(meterflow_rate_json(r.meter_id, r.obis, r.from_time, r.to_time, r.delta,
            r.delta_unit, r.rate, r.unit, r.kind) ORDER BY r.obis) AS j
        FROM meter_latest_rate r WHERE r.meter_id = m.meter_id) rates ON true
LEFT JOIN LATERAL (SELECT meterflow_clock_drift_json(r.meter_id, r.at, r.drift_ms, r.trend_seconds_per_day,
            r.samples) AS j
        FROM meter_latest_clock_drift r WHERE r.meter_id = m.meter_id) drift ON true
LEFT JOIN LATERAL (SELECT json_agg(meterflow_error_stats_json(r.meter_id, r.window_start, r.window_end, r.total,
            r.failed, r.error_pct, r.by_status, r.expected, r.publication_pct) ORDER BY r.window_ms) AS j
        FROM meter_latest_error_stats r WHERE r.meter_id = m.meter_id) stats ON true
LEFT JOIN LATERAL (SELECT json_agg(meterflow_current_alert_json(r) ORDER BY r.rule) AS j
        FROM alert_current r WHERE r.meter_id = m.meter_id AND r.state <> 'RESOLVED') alerts ON true
WHERE m.meter_id = ANY (meters)
$$;

CREATE OR REPLACE FUNCTION meterflow_meter_document(meter text) RETURNS json
LANGUAGE sql STABLE AS $$
SELECT document FROM meterflow_meter_documents(ARRAY[meter])
$$;

CREATE OR REPLACE FUNCTION meterflow_build_pending_meter_documents() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM meter_document_pending WHERE meter_id = NEW.meter_id) THEN
        RETURN NULL;
    END IF;
    WITH noted AS (DELETE FROM meter_document_pending RETURNING meter_id)
    INSERT INTO meter_document AS d (meter_id, document)
    SELECT b.meter_id, b.document FROM meterflow_meter_documents(ARRAY(SELECT meter_id FROM noted)) b
    ON CONFLICT (meter_id) DO UPDATE SET document = excluded.document;
    RETURN NULL;
END;
$$;
