-- Alert workflow (operators acknowledge, shelve, assign and comment through meter-alert-commands; the alert processor
-- answers on meter-alert-command-results) and per-meter daily availability.
--
-- The sink is the only writer: query-api never writes alert state, it sends commands.

-- Workflow state on the current alert ----------------------------------------------------------------------------

-- Written from command results (the state after each command) and from alert transitions (which carry the state at
-- the transition since meter-alerts schema 1.1). workflow_at is the time of the newest of the two applied, so an
-- older one arriving later on the other topic does not undo a newer one; a new episode (another "since") always
-- takes the transition's state (a new episode starts unacknowledged).
ALTER TABLE alert_current
    ADD COLUMN acknowledged_by text,
    ADD COLUMN acknowledged_at timestamptz,
    ADD COLUMN shelved_until   timestamptz,
    ADD COLUMN assignee        text,
    ADD COLUMN workflow_at     timestamptz;

-- Unacknowledged critical alerts (the fleet dashboard's panel).
CREATE INDEX alert_current_unacknowledged_idx ON alert_current (severity, state) WHERE acknowledged_by IS NULL;

-- The action log: every command result, applied or rejected, with actor and time. A retried command (same
-- commandId) keeps its first row.
CREATE TABLE alert_action_log (
    command_id text        PRIMARY KEY,
    meter_id   text        NOT NULL,
    rule       text        NOT NULL,
    action     text        NOT NULL,
    actor      text        NOT NULL,
    at         timestamptz NOT NULL,
    outcome    text        NOT NULL,
    reason     text,
    message    text,
    comment    text,
    -- The result as it came from the topic: GET /api/v1/alerts/commands/{commandId} answers it unchanged.
    result     jsonb       NOT NULL
);
CREATE INDEX alert_action_log_alert_idx ON alert_action_log (meter_id, rule, at);

-- The JSON of a current alert with its workflow state and the comments of its episode (newest 20, oldest first).
CREATE FUNCTION meterflow_current_alert_json(r alert_current) RETURNS json
LANGUAGE sql STABLE AS $$
SELECT json_build_object('meterId', r.meter_id, 'rule', r.rule, 'state', r.state, 'severity', r.severity,
    'since', meterflow_epoch_ms(r.since), 'at', meterflow_epoch_ms(r.at), 'value', r.value,
    'threshold', r.threshold, 'consecutive', r.consecutive, 'message', r.message,
    'acknowledgedBy', r.acknowledged_by, 'acknowledgedAt', meterflow_epoch_ms(r.acknowledged_at),
    'shelvedUntil', meterflow_epoch_ms(r.shelved_until), 'assignee', r.assignee,
    'comments', coalesce((SELECT json_agg(json_build_object('commandId', c.command_id, 'actor', c.actor,
            'at', meterflow_epoch_ms(c.at), 'action', c.action, 'comment', c.comment) ORDER BY c.at, c.command_id)
        FROM (SELECT * FROM alert_action_log l
              WHERE l.meter_id = r.meter_id AND l.rule = r.rule AND l.at >= r.since AND l.comment IS NOT NULL
                AND l.outcome = 'APPLIED'
              ORDER BY l.at DESC LIMIT 20) c), '[]'::json))
$$;

-- The meter document (V3) with the workflow state on its active alerts.
CREATE OR REPLACE FUNCTION meterflow_meter_document(meter text) RETURNS json
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
    'activeAlerts', coalesce((SELECT json_agg(meterflow_current_alert_json(r) ORDER BY r.rule)
        FROM alert_current r WHERE r.meter_id = m.meter_id AND r.state <> 'RESOLVED'), '[]'::json))
FROM meter_latest_reading m
WHERE m.meter_id = meter
$$;

-- A comment or any command result changes the document of its meter.
CREATE TRIGGER alert_action_log_doc_ins AFTER INSERT ON alert_action_log REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION meterflow_refresh_meter_documents();

-- Per-meter daily availability --------------------------------------------------------------------------------

-- Readings received per meter and UTC day, counted when a reading row is first inserted into reading_history (a
-- replayed reading inserts nothing and counts nothing). Kept after reading_history's partitions expire.
CREATE TABLE meter_availability_daily (
    meter_id    text   NOT NULL,
    day         date   NOT NULL,
    received    bigint NOT NULL,
    received_ok bigint NOT NULL,
    PRIMARY KEY (meter_id, day)
);

CREATE FUNCTION meterflow_count_availability() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO meter_availability_daily AS a (meter_id, day, received, received_ok)
    SELECT meter_id, (collected_at AT TIME ZONE 'UTC')::date, count(*), count(*) FILTER (WHERE status = 'OK')
    FROM inserted
    GROUP BY 1, 2
    ON CONFLICT (meter_id, day) DO UPDATE SET received = a.received + excluded.received,
                                              received_ok = a.received_ok + excluded.received_ok;
    RETURN NULL;
END;
$$;

CREATE TRIGGER reading_history_availability AFTER INSERT ON reading_history REFERENCING NEW TABLE AS inserted
    FOR EACH STATEMENT EXECUTE FUNCTION meterflow_count_availability();

-- Backfill from the history already there.
INSERT INTO meter_availability_daily (meter_id, day, received, received_ok)
SELECT meter_id, (collected_at AT TIME ZONE 'UTC')::date, count(*), count(*) FILTER (WHERE status = 'OK')
FROM reading_history
GROUP BY 1, 2;

-- The expected reading interval of a meter: its inventory row's expected publish interval (MQTT) or poll interval
-- (DLMS); NULL when the inventory does not say (the share is then unknown).
CREATE FUNCTION meterflow_expected_interval_ms(meter text) RETURNS bigint
LANGUAGE sql STABLE AS $$
SELECT coalesce(i.expected_interval_ms, i.poll_interval_ms) FROM meter_inventory i WHERE i.meter_id = meter
$$;

-- Availability of one meter per UTC day in [from_day, to_day]: readings expected over the day (up to "now" for the
-- current day), received, received OK, and the share OK / expected (capped at 1; NULL without an expected interval).
CREATE FUNCTION meterflow_meter_availability(meter text, from_day date, to_day date, now timestamptz)
RETURNS TABLE (day date, expected bigint, received bigint, received_ok bigint, share double precision)
LANGUAGE sql STABLE AS $$
WITH interval_ms AS (SELECT meterflow_expected_interval_ms(meter) AS ms),
days AS (
    SELECT d::date AS day,
           greatest(0, extract(epoch FROM least(d + interval '1 day', now AT TIME ZONE 'UTC') - d) * 1000)::bigint
               AS covered_ms
    FROM generate_series(from_day::timestamp, to_day::timestamp, interval '1 day') AS d
    WHERE d <= now AT TIME ZONE 'UTC')
SELECT days.day,
       CASE WHEN i.ms IS NULL THEN NULL ELSE days.covered_ms / i.ms END,
       coalesce(a.received, 0), coalesce(a.received_ok, 0),
       CASE WHEN i.ms IS NULL OR days.covered_ms / i.ms = 0 THEN NULL
            ELSE least(1.0, coalesce(a.received_ok, 0)::double precision / (days.covered_ms / i.ms)) END
FROM days CROSS JOIN interval_ms i
LEFT JOIN meter_availability_daily a ON a.meter_id = meter AND a.day = days.day
ORDER BY days.day
$$;

SELECT meterflow_rebuild_meter_documents();
