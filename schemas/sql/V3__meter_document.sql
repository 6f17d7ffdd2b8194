-- The meter detail document (GET /api/v1/meters/{meterId}) kept ready, one row per meter.
--
-- Assembling it at read time costs five primary-key lookups and a JSON build per request; meters change far
-- less often than they are read. Statement triggers on the five latest-state tables rebuild the documents of
-- the meters a statement touched, inside the writer's transaction: the document never disagrees with the
-- tables, whoever writes them (the sink, an operator's fix, a test fixture). TRUNCATE does not fire them, nor
-- does a bulk load with session_replication_role = replica: afterwards, SELECT meterflow_rebuild_meter_documents().

-- The document of one meter, or NULL for a meter without a reading (unknown to the API).
CREATE FUNCTION meterflow_meter_document(meter text) RETURNS json
LANGUAGE sql STABLE AS $$
SELECT json_build_object('meterId', m.meter_id,
    'latestReading', json_build_object('meterId', m.meter_id, 'source', m.source,
        'collectedAt', meterflow_epoch_ms(m.collected_at), 'meterTime', meterflow_epoch_ms(m.meter_time),
        'latencyMs', m.latency_ms, 'status', m.status, 'error', m.error, 'values', m.reading_values),
    'rates', coalesce((SELECT json_agg(json_build_object('meterId', r.meter_id, 'obis', r.obis,
            'from', meterflow_epoch_ms(r.from_time), 'to', meterflow_epoch_ms(r.to_time), 'delta', r.delta,
            'deltaUnit', r.delta_unit, 'rate', r.rate, 'unit', r.unit, 'kind', r.kind) ORDER BY r.obis)
        FROM meter_latest_rate r WHERE r.meter_id = m.meter_id), '[]'::json),
    'clockDrift', (SELECT json_build_object('meterId', r.meter_id, 'at', meterflow_epoch_ms(r.at),
            'driftMs', r.drift_ms, 'trendSecondsPerDay', r.trend_seconds_per_day, 'samples', r.samples)
        FROM meter_latest_clock_drift r WHERE r.meter_id = m.meter_id),
    'errorStats', coalesce((SELECT json_agg(json_build_object('meterId', r.meter_id,
            'windowStart', meterflow_epoch_ms(r.window_start), 'windowEnd', meterflow_epoch_ms(r.window_end),
            'total', r.total, 'failed', r.failed, 'errorPct', r.error_pct, 'byStatus', r.by_status,
            'expected', r.expected, 'publicationPct', r.publication_pct) ORDER BY r.window_ms)
        FROM meter_latest_error_stats r WHERE r.meter_id = m.meter_id), '[]'::json),
    'activeAlerts', coalesce((SELECT json_agg(json_build_object('meterId', r.meter_id, 'rule', r.rule,
            'state', r.state, 'severity', r.severity, 'since', meterflow_epoch_ms(r.since),
            'at', meterflow_epoch_ms(r.at), 'value', r.value, 'threshold', r.threshold,
            'consecutive', r.consecutive, 'message', r.message) ORDER BY r.rule)
        FROM alert_current r WHERE r.meter_id = m.meter_id AND r.state <> 'RESOLVED'), '[]'::json))
FROM meter_latest_reading m
WHERE m.meter_id = meter
$$;

-- A meter's row goes with its latest reading (the list of known meters).
CREATE TABLE meter_document (
    meter_id text PRIMARY KEY REFERENCES meter_latest_reading (meter_id) ON DELETE CASCADE,
    document json NOT NULL
);

-- Rebuilds the documents of the meters in the transition table "changed" of the firing statement.
CREATE FUNCTION meterflow_refresh_meter_documents() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO meter_document AS d (meter_id, document)
    SELECT m.meter_id, meterflow_meter_document(m.meter_id)
    FROM meter_latest_reading m
    WHERE m.meter_id IN (SELECT DISTINCT meter_id FROM changed)
    ON CONFLICT (meter_id) DO UPDATE SET document = excluded.document;
    RETURN NULL;
END;
$$;

-- PostgreSQL allows one transition table per trigger: one trigger per table and event.
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['meter_latest_reading', 'meter_latest_rate', 'meter_latest_clock_drift',
                             'meter_latest_error_stats', 'alert_current']
    LOOP
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS changed '
                       'FOR EACH STATEMENT EXECUTE FUNCTION meterflow_refresh_meter_documents()', t || '_doc_ins', t);
        EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING NEW TABLE AS changed '
                       'FOR EACH STATEMENT EXECUTE FUNCTION meterflow_refresh_meter_documents()', t || '_doc_upd', t);
        IF t <> 'meter_latest_reading' THEN
            EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS changed '
                           'FOR EACH STATEMENT EXECUTE FUNCTION meterflow_refresh_meter_documents()', t || '_doc_del', t);
        END IF;
    END LOOP;
END;
$$;

-- Rebuilds every meter's document and drops those of meters without a reading; returns how many it rebuilt.
CREATE FUNCTION meterflow_rebuild_meter_documents() RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    rebuilt bigint;
BEGIN
    DELETE FROM meter_document d
    WHERE NOT EXISTS (SELECT 1 FROM meter_latest_reading m WHERE m.meter_id = d.meter_id);
    INSERT INTO meter_document AS d (meter_id, document)
    SELECT meter_id, meterflow_meter_document(meter_id) FROM meter_latest_reading
    ON CONFLICT (meter_id) DO UPDATE SET document = excluded.document;
    GET DIAGNOSTICS rebuilt = ROW_COUNT;
    RETURN rebuilt;
END;
$$;

-- Backfill: the documents of the meters already in the read model.
SELECT meterflow_rebuild_meter_documents();
