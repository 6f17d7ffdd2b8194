-- One JSON mapping per row kind, used by the meter document (maintained by triggers in the database) and by the
-- query API's history listings alike. Before this migration the meter document (V3, V4_3) and the API's SQL
-- fragments each spelt the field names out, and a field added to one was missed in the other.
-- Arguments are columns, not a row type, because the latest-state and the history tables are distinct types.

CREATE FUNCTION meterflow_reading_json(meter_id text, source text, collected_at timestamptz, meter_time timestamptz,
                                       latency_ms bigint, status text, error text, reading_values jsonb)
RETURNS json LANGUAGE sql IMMUTABLE AS $$
SELECT json_build_object('meterId', meter_id, 'source', source, 'collectedAt', meterflow_epoch_ms(collected_at),
    'meterTime', meterflow_epoch_ms(meter_time), 'latencyMs', latency_ms, 'status', status, 'error', error,
    'values', reading_values)
$$;

CREATE FUNCTION meterflow_rate_json(meter_id text, obis text, from_time timestamptz, to_time timestamptz,
                                    delta double precision, delta_unit text, rate double precision, unit text,
                                    kind text)
RETURNS json LANGUAGE sql IMMUTABLE AS $$
SELECT json_build_object('meterId', meter_id, 'obis', obis, 'from', meterflow_epoch_ms(from_time),
    'to', meterflow_epoch_ms(to_time), 'delta', delta, 'deltaUnit', delta_unit, 'rate', rate, 'unit', unit,
    'kind', kind)
$$;

CREATE FUNCTION meterflow_clock_drift_json(meter_id text, at timestamptz, drift_ms bigint,
                                           trend_seconds_per_day double precision, samples integer)
RETURNS json LANGUAGE sql IMMUTABLE AS $$
SELECT json_build_object('meterId', meter_id, 'at', meterflow_epoch_ms(at), 'driftMs', drift_ms,
    'trendSecondsPerDay', trend_seconds_per_day, 'samples', samples)
$$;

CREATE FUNCTION meterflow_error_stats_json(meter_id text, window_start timestamptz, window_end timestamptz,
                                           total bigint, failed bigint, error_pct double precision, by_status jsonb,
                                           expected bigint, publication_pct double precision)
RETURNS json LANGUAGE sql IMMUTABLE AS $$
SELECT json_build_object('meterId', meter_id, 'windowStart', meterflow_epoch_ms(window_start),
    'windowEnd', meterflow_epoch_ms(window_end), 'total', total, 'failed', failed, 'errorPct', error_pct,
    'byStatus', by_status, 'expected', expected, 'publicationPct', publication_pct)
$$;

-- The meter document (V3, V4_3) built from the functions above; its shape is unchanged.
CREATE OR REPLACE FUNCTION meterflow_meter_document(meter text) RETURNS json
LANGUAGE sql STABLE AS $$
SELECT json_build_object('meterId', m.meter_id,
    'latestReading', meterflow_reading_json(m.meter_id, m.source, m.collected_at, m.meter_time, m.latency_ms,
        m.status, m.error, m.reading_values),
    'rates', coalesce((SELECT json_agg(meterflow_rate_json(r.meter_id, r.obis, r.from_time, r.to_time, r.delta,
            r.delta_unit, r.rate, r.unit, r.kind) ORDER BY r.obis)
        FROM meter_latest_rate r WHERE r.meter_id = m.meter_id), '[]'::json),
    'clockDrift', (SELECT meterflow_clock_drift_json(r.meter_id, r.at, r.drift_ms, r.trend_seconds_per_day, r.samples)
        FROM meter_latest_clock_drift r WHERE r.meter_id = m.meter_id),
    'errorStats', coalesce((SELECT json_agg(meterflow_error_stats_json(r.meter_id, r.window_start, r.window_end,
            r.total, r.failed, r.error_pct, r.by_status, r.expected, r.publication_pct) ORDER BY r.window_ms)
        FROM meter_latest_error_stats r WHERE r.meter_id = m.meter_id), '[]'::json),
    'activeAlerts', coalesce((SELECT json_agg(meterflow_current_alert_json(r) ORDER BY r.rule)
        FROM alert_current r WHERE r.meter_id = m.meter_id AND r.state <> 'RESOLVED'), '[]'::json))
FROM meter_latest_reading m
WHERE m.meter_id = meter
$$;
