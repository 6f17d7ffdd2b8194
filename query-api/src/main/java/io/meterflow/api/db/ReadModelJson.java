package io.meterflow.api.db;

/**
 * SQL fragments that build the JSON of the read model's rows, shared by the meter queries. Times are epoch ms.
 * Readings, rates, clock drift and error stats call the database's row JSON functions (migration V4_6), which the
 * meter document uses too: one mapping per kind.
 */
public final class ReadModelJson {

    // The reference shape of a reading item: the readings listing writes it in Java (ReadingPageWriter), and
    // ReadingJsonIT holds the two equal.
    public static final String READING = "meterflow_reading_json(r.meter_id, r.source, r.collected_at, "
            + "r.meter_time, r.latency_ms, r.status, r.error, r.reading_values)";

    public static final String RATE = "meterflow_rate_json(r.meter_id, r.obis, r.from_time, r.to_time, r.delta, "
            + "r.delta_unit, r.rate, r.unit, r.kind)";

    public static final String CLOCK_DRIFT = "meterflow_clock_drift_json(r.meter_id, r.at, r.drift_ms, "
            + "r.trend_seconds_per_day, r.samples)";

    public static final String INTERVAL = """
            json_build_object('meterId', r.meter_id, 'capturedAt', meterflow_epoch_ms(r.captured_at),
                'values', r.interval_values, 'statusFlags', r.status_flags, 'flags', r.flags,
                'clockOffsetMs', r.clock_offset_ms, 'provenance', r.provenance)""";

    // A validated interval (v) over its raw row (r), either of which may be missing: an estimate has no raw row, a row
    // not validated yet no verdict (quality null). The interval's fields come from the validated version when there
    // is one (an estimate has no provenance), statusFlags only from the raw row.
    public static final String VALIDATED_INTERVAL = """
            json_build_object('meterId', coalesce(v.meter_id, r.meter_id),
                'capturedAt', meterflow_epoch_ms(coalesce(v.captured_at, r.captured_at)),
                'values', coalesce(v.interval_values, r.interval_values), 'statusFlags', r.status_flags,
                'flags', coalesce(v.flags, r.flags),
                'clockOffsetMs', CASE WHEN v.meter_id IS NULL THEN r.clock_offset_ms ELSE v.clock_offset_ms END,
                'provenance', CASE WHEN v.meter_id IS NULL THEN r.provenance ELSE v.provenance END,
                'quality', v.quality, 'reasons', v.reasons, 'version', v.version,
                'validatedAt', meterflow_epoch_ms(v.validated_at))""";

    public static final String CLOCK_SYNC = """
            json_build_object('meterId', r.meter_id, 'at', meterflow_epoch_ms(r.at), 'driftBeforeMs', r.drift_before_ms,
                'method', r.method, 'result', r.result, 'error', r.error, 'driftAfterMs', r.drift_after_ms)""";

    public static final String ERROR_STATS = "meterflow_error_stats_json(r.meter_id, r.window_start, r.window_end, "
            + "r.total, r.failed, r.error_pct, r.by_status, r.expected, r.publication_pct)";

    public static final String ALERT = """
            json_build_object('meterId', r.meter_id, 'rule', r.rule, 'state', r.state, 'severity', r.severity,
                'since', meterflow_epoch_ms(r.since), 'at', meterflow_epoch_ms(r.at), 'value', r.value,
                'threshold', r.threshold, 'consecutive', r.consecutive, 'message', r.message)""";

    private ReadModelJson() {
    }
}
