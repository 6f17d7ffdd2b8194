package io.meterflow.connect.postgres.write;

import io.meterflow.connect.postgres.config.TopicKind;
import io.meterflow.schema.Alert;
import io.meterflow.schema.AlertCommandResult;
import io.meterflow.schema.BackfillOutcome;
import io.meterflow.schema.BackfillRequest;
import io.meterflow.schema.ClockDrift;
import io.meterflow.schema.ClockSync;
import io.meterflow.schema.Completeness;
import io.meterflow.schema.ErrorStats;
import io.meterflow.schema.Interval;
import io.meterflow.schema.Rate;
import io.meterflow.schema.Reading;
import io.meterflow.schema.ValidatedInterval;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Which tables each kind of record is written to, with the SQL. History inserts ignore a row whose natural key
 * exists; latest-state upserts only move forward (in event time, or in version and attempt where the record has
 * one). Both make a replayed record change nothing.
 */
final class ReadModelTables {

    private static final TableWrite<Reading> READING_HISTORY = TableWrite.history("reading_history", """
            INSERT INTO reading_history (meter_id, collected_at, source, meter_time, latency_ms, status, error,
                                         reading_values)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""",
            Reading::collectedAt, ReadModelTables::bindReading);

    private static final TableWrite<Reading> LATEST_READING = TableWrite.latest("meter_latest_reading", """
            INSERT INTO meter_latest_reading AS t (meter_id, collected_at, source, meter_time, latency_ms, status,
                                                   error, reading_values)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (meter_id) DO UPDATE SET collected_at = excluded.collected_at, source = excluded.source,
                meter_time = excluded.meter_time, latency_ms = excluded.latency_ms, status = excluded.status,
                error = excluded.error, reading_values = excluded.reading_values
            WHERE excluded.collected_at > t.collected_at""",
            Reading::collectedAt, Reading::meterId, ReadModelTables::bindReading);

    private static final TableWrite<Interval> INTERVAL_HISTORY = TableWrite.history("interval_history", """
            INSERT INTO interval_history (meter_id, captured_at, interval_values, status_flags, flags, clock_offset_ms,
                                          provenance)
            VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""",
            Interval::capturedAt,
            (row, v) -> row.text(v.meterId()).time(v.capturedAt()).json(v.values()).number(v.statusFlags())
                    .json(v.flags()).number(v.clockOffsetMs()).text(v.provenance().name()));

    private static final TableWrite<ClockSync> CLOCK_SYNC_HISTORY = TableWrite.history("clock_sync_history", """
            INSERT INTO clock_sync_history (meter_id, at, drift_before_ms, method, result, error, drift_after_ms)
            VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""",
            ClockSync::at,
            (row, s) -> row.text(s.meterId()).time(s.at()).number(s.driftBeforeMs()).text(s.method().name())
                    .text(s.result().name()).text(s.error()).number(s.driftAfterMs()));

    private static final TableWrite<Rate> RATE_HISTORY = TableWrite.history("rate_history", """
            INSERT INTO rate_history (meter_id, obis, from_time, to_time, delta, delta_unit, rate, unit, kind)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""",
            Rate::to, ReadModelTables::bindRate);

    private static final TableWrite<Rate> LATEST_RATE = TableWrite.latest("meter_latest_rate", """
            INSERT INTO meter_latest_rate AS t (meter_id, obis, from_time, to_time, delta, delta_unit, rate, unit, kind)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (meter_id, obis) DO UPDATE SET from_time = excluded.from_time, to_time = excluded.to_time,
                delta = excluded.delta, delta_unit = excluded.delta_unit, rate = excluded.rate, unit = excluded.unit,
                kind = excluded.kind
            WHERE excluded.to_time > t.to_time""",
            Rate::to, r -> List.of(r.meterId(), r.obis()), ReadModelTables::bindRate);

    private static final TableWrite<ClockDrift> DRIFT_HISTORY = TableWrite.history("clock_drift_history", """
            INSERT INTO clock_drift_history (meter_id, at, drift_ms, trend_seconds_per_day, samples)
            VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""",
            ClockDrift::at, ReadModelTables::bindDrift);

    private static final TableWrite<ClockDrift> LATEST_DRIFT = TableWrite.latest("meter_latest_clock_drift", """
            INSERT INTO meter_latest_clock_drift AS t (meter_id, at, drift_ms, trend_seconds_per_day, samples)
            VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (meter_id) DO UPDATE SET at = excluded.at, drift_ms = excluded.drift_ms,
                trend_seconds_per_day = excluded.trend_seconds_per_day, samples = excluded.samples
            WHERE excluded.at > t.at""",
            ClockDrift::at, ClockDrift::meterId, ReadModelTables::bindDrift);

    private static final TableWrite<ErrorStats> ERROR_STATS_HISTORY = TableWrite.history("error_stats_history", """
            INSERT INTO error_stats_history (meter_id, window_start, window_end, total, failed, error_pct, by_status,
                                             expected, publication_pct)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""",
            ErrorStats::windowEnd, ReadModelTables::bindErrorStats);

    private static final TableWrite<ErrorStats> LATEST_ERROR_STATS = TableWrite.latest("meter_latest_error_stats", """
            INSERT INTO meter_latest_error_stats AS t (window_ms, meter_id, window_start, window_end, total, failed,
                                                       error_pct, by_status, expected, publication_pct)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (meter_id, window_ms) DO UPDATE SET window_start = excluded.window_start,
                window_end = excluded.window_end, total = excluded.total, failed = excluded.failed,
                error_pct = excluded.error_pct, by_status = excluded.by_status, expected = excluded.expected,
                publication_pct = excluded.publication_pct
            WHERE excluded.window_end > t.window_end""",
            ErrorStats::windowEnd, s -> List.of(s.meterId(), s.windowEnd() - s.windowStart()),
            (row, s) -> bindErrorStats(row.number(s.windowEnd() - s.windowStart()), s));

    private static final TableWrite<Alert> ALERT_TRANSITIONS = TableWrite.history("alert_transition", """
            INSERT INTO alert_transition (meter_id, rule, state, severity, since, at, value, threshold, consecutive,
                                          message)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""",
            Alert::at, ReadModelTables::bindAlert);

    // ">=": two transitions of one alert can share a timestamp; Kafka's order (one key, one partition) decides.
    // The workflow state a transition carries (meter-alerts 1.1) replaces the row's unless a command result of the
    // same episode was applied later (workflow_at, schemas V4_3); a new episode always takes it.
    private static final TableWrite<Alert> CURRENT_ALERT = TableWrite.latest("alert_current", """
            INSERT INTO alert_current AS t (meter_id, rule, state, severity, since, at, value, threshold, consecutive,
                                            message, acknowledged_by, acknowledged_at, shelved_until, assignee,
                                            workflow_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (meter_id, rule) DO UPDATE SET state = excluded.state, severity = excluded.severity,
                since = excluded.since, at = excluded.at, value = excluded.value, threshold = excluded.threshold,
                consecutive = excluded.consecutive, message = excluded.message,
                acknowledged_by = CASE WHEN %1$s THEN excluded.acknowledged_by ELSE t.acknowledged_by END,
                acknowledged_at = CASE WHEN %1$s THEN excluded.acknowledged_at ELSE t.acknowledged_at END,
                shelved_until = CASE WHEN %1$s THEN excluded.shelved_until ELSE t.shelved_until END,
                assignee = CASE WHEN %1$s THEN excluded.assignee ELSE t.assignee END,
                workflow_at = CASE WHEN %1$s THEN excluded.workflow_at ELSE t.workflow_at END
            WHERE excluded.at >= t.at""".formatted(
                    "(excluded.since <> t.since OR t.workflow_at IS NULL OR excluded.workflow_at >= t.workflow_at)"),
            Alert::at, a -> List.of(a.meterId(), a.rule()),
            (row, a) -> bindAlert(row, a).text(a.acknowledgedBy()).time(a.acknowledgedAt()).time(a.shelvedUntil())
                    .text(a.assignee()).time(a.at()));

    // The other order: a command result the sink wrote before the transition that made its episode's row (the two
    // topics are read independently). The newest result of the alert in the action log catches the row up when it
    // belongs to the row's episode and is newer than what the row holds. MeterDocumentLocks serialises the writers of
    // one meter, so one of the two always sees the other's committed rows.
    private static final TableWrite<Alert> CURRENT_ALERT_CATCH_UP = TableWrite.latest("alert_current", """
            UPDATE alert_current AS t
            SET acknowledged_by = l.w ->> 'acknowledgedBy',
                acknowledged_at = to_timestamp((l.w ->> 'acknowledgedAt')::double precision / 1000),
                shelved_until = to_timestamp((l.w ->> 'shelvedUntil')::double precision / 1000),
                assignee = l.w ->> 'assignee', workflow_at = l.at
            FROM (SELECT a.at, a.result -> 'workflow' AS w FROM alert_action_log a
                  WHERE a.meter_id = ? AND a.rule = ? AND jsonb_typeof(a.result -> 'workflow') = 'object'
                  ORDER BY a.at DESC, a.command_id DESC LIMIT 1) l
            WHERE t.meter_id = ? AND t.rule = ? AND (l.w ->> 'since')::bigint = meterflow_epoch_ms(t.since)
              AND (t.workflow_at IS NULL OR t.workflow_at < l.at)""",
            Alert::at, a -> List.of(a.meterId(), a.rule()),
            (row, a) -> row.text(a.meterId()).text(a.rule()).text(a.meterId()).text(a.rule()));

    private static final TableWrite<AlertCommandResult> ACTION_LOG = TableWrite.log("alert_action_log", """
            INSERT INTO alert_action_log (command_id, meter_id, rule, action, actor, at, outcome, reason, message,
                                          comment, result)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""",
            AlertCommandResult::at, (row, r) -> row.text(r.commandId()).text(r.meterId()).text(r.rule())
                    .text(r.action().name()).text(r.actor()).time(r.at()).text(r.outcome().name())
                    .text(r.reason() == null ? null : r.reason().name()).text(r.message()).text(r.comment()).json(r));

    // The state after a command, on the alert's row if it is still the command's episode and nothing newer was
    // applied; a result without workflow (no such alert) binds a NULL episode and changes nothing.
    private static final TableWrite<AlertCommandResult> CURRENT_ALERT_WORKFLOW = TableWrite.latest("alert_current", """
            UPDATE alert_current AS t SET acknowledged_by = ?, acknowledged_at = ?, shelved_until = ?, assignee = ?,
                workflow_at = ?
            WHERE t.meter_id = ? AND t.rule = ? AND t.since = ? AND (t.workflow_at IS NULL OR t.workflow_at <= ?)""",
            AlertCommandResult::at, r -> List.of(r.meterId(), r.rule()), ReadModelTables::bindWorkflow);

    // Interval data quality (schemas V4_4) -----------------------------------------------------------------------

    private static final Comparator<ValidatedInterval> BY_VERSION = Comparator.comparingInt(ValidatedInterval::version);

    // The highest version wins: a lower one arriving later (or replayed) changes nothing. Equal versions are the same
    // value (the ledger writes each version once), so the row is left as it is.
    private static final TableWrite<ValidatedInterval> VALIDATED_INTERVAL = TableWrite.versioned("interval_validated", """
            INSERT INTO interval_validated AS t (meter_id, captured_at, version, quality, reasons, validated_at,
                                                 provenance, interval_values, flags, clock_offset_ms,
                                                 capture_period_seconds)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (meter_id, captured_at) DO UPDATE SET version = excluded.version, quality = excluded.quality,
                reasons = excluded.reasons, validated_at = excluded.validated_at, provenance = excluded.provenance,
                interval_values = excluded.interval_values, flags = excluded.flags,
                clock_offset_ms = excluded.clock_offset_ms, capture_period_seconds = excluded.capture_period_seconds
            WHERE excluded.version > t.version""",
            ValidatedInterval::capturedAt, v -> List.of(v.meterId(), v.capturedAt()), BY_VERSION,
            ReadModelTables::bindValidated);

    private static final TableWrite<ValidatedInterval> VALIDATED_INTERVAL_HISTORY = TableWrite.history(
            "interval_validated_history", """
            INSERT INTO interval_validated_history (meter_id, captured_at, version, quality, reasons, validated_at,
                                                    provenance, interval_values, flags, clock_offset_ms,
                                                    capture_period_seconds)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""",
            ValidatedInterval::capturedAt, ReadModelTables::bindValidated);

    // ">=": the ledger may write two changes of a meter-day within one millisecond; Kafka's order (one key, one
    // partition) decides, as for alerts.
    private static final TableWrite<Completeness> COMPLETENESS = TableWrite.latest("meter_completeness", """
            INSERT INTO meter_completeness AS t (meter_id, day, capture_period_seconds, expected, received, estimated,
                                                 missing, gaps, updated_at)
            VALUES (?, ?::date, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (meter_id, day) DO UPDATE SET capture_period_seconds = excluded.capture_period_seconds,
                expected = excluded.expected, received = excluded.received, estimated = excluded.estimated,
                missing = excluded.missing, gaps = excluded.gaps, updated_at = excluded.updated_at
            WHERE excluded.updated_at >= t.updated_at""",
            Completeness::updatedAt, c -> List.of(c.meterId(), c.day()),
            (row, c) -> row.text(c.meterId()).text(c.day()).number(c.capturePeriodSeconds()).number(c.expected())
                    .number(c.received()).number(c.estimated()).number(c.missing()).json(c.gaps())
                    .time(c.updatedAt()));

    // The latest attempt asked; an outcome may have created the row first (the columns of the request are NULL then).
    private static final TableWrite<BackfillRequest> BACKFILL_REQUEST = TableWrite.latest("backfill_request", """
            INSERT INTO backfill_request AS t (request_id, meter_id, from_time, to_time, capture_period_seconds,
                                               reason, attempt, requested_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (request_id) DO UPDATE SET capture_period_seconds = excluded.capture_period_seconds,
                reason = excluded.reason, attempt = excluded.attempt, requested_at = excluded.requested_at
            WHERE t.attempt IS NULL OR (excluded.attempt, excluded.requested_at) >= (t.attempt, t.requested_at)""",
            BackfillRequest::requestedAt, BackfillRequest::requestId,
            Comparator.comparingInt(BackfillRequest::attempt).thenComparingLong(BackfillRequest::requestedAt),
            (row, r) -> row.text(r.requestId()).text(r.meterId()).time(r.from()).time(r.to())
                    .number(r.capturePeriodSeconds()).text(r.reason().name()).number(r.attempt()).time(r.requestedAt()));

    private static final TableWrite<BackfillOutcome> BACKFILL_OUTCOME = TableWrite.latest("backfill_request", """
            INSERT INTO backfill_request AS t (request_id, meter_id, from_time, to_time, outcome_attempt, result,
                                               rows_read, buffer_start, outcome_at, error)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (request_id) DO UPDATE SET outcome_attempt = excluded.outcome_attempt,
                result = excluded.result, rows_read = excluded.rows_read, buffer_start = excluded.buffer_start,
                outcome_at = excluded.outcome_at, error = excluded.error
            WHERE t.outcome_attempt IS NULL
               OR (excluded.outcome_attempt, excluded.outcome_at) >= (t.outcome_attempt, t.outcome_at)""",
            BackfillOutcome::at, BackfillOutcome::requestId,
            Comparator.comparingInt(BackfillOutcome::attempt).thenComparingLong(BackfillOutcome::at),
            (row, o) -> row.text(o.requestId()).text(o.meterId()).time(o.from()).time(o.to()).number(o.attempt())
                    .text(o.result().name()).number(o.rowsRead()).time(o.bufferStart()).time(o.at()).text(o.error()));

    static final Map<TopicKind, List<TableWrite<?>>> BY_KIND = Map.ofEntries(
            Map.entry(TopicKind.READINGS, List.of(READING_HISTORY, LATEST_READING)),
            Map.entry(TopicKind.INTERVALS, List.of(INTERVAL_HISTORY)),
            Map.entry(TopicKind.RATES, List.of(RATE_HISTORY, LATEST_RATE)),
            Map.entry(TopicKind.CLOCK_DRIFT, List.of(DRIFT_HISTORY, LATEST_DRIFT)),
            Map.entry(TopicKind.ERROR_STATS, List.of(ERROR_STATS_HISTORY, LATEST_ERROR_STATS)),
            Map.entry(TopicKind.ALERTS, List.of(ALERT_TRANSITIONS, CURRENT_ALERT, CURRENT_ALERT_CATCH_UP)),
            Map.entry(TopicKind.CLOCK_SYNC, List.of(CLOCK_SYNC_HISTORY)),
            Map.entry(TopicKind.ALERT_COMMAND_RESULTS, List.of(ACTION_LOG, CURRENT_ALERT_WORKFLOW)),
            Map.entry(TopicKind.INTERVALS_VALIDATED, List.of(VALIDATED_INTERVAL_HISTORY, VALIDATED_INTERVAL)),
            Map.entry(TopicKind.COMPLETENESS, List.of(COMPLETENESS)),
            Map.entry(TopicKind.BACKFILL_REQUESTS, List.of(BACKFILL_REQUEST)),
            Map.entry(TopicKind.BACKFILL_OUTCOMES, List.of(BACKFILL_OUTCOME)));

    /** Every partitioned history table, for retention. */
    static final List<String> HISTORY_TABLES = BY_KIND.values().stream().flatMap(List::stream)
            .filter(TableWrite::partitioned).map(TableWrite::table).sorted().toList();

    private ReadModelTables() {
    }

    private static void bindValidated(Statements row, ValidatedInterval v) throws java.sql.SQLException {
        row.text(v.meterId()).time(v.capturedAt()).number(v.version()).text(v.quality().name()).json(v.reasons())
                .time(v.validatedAt()).text(v.provenance() == null ? null : v.provenance().name()).json(v.values())
                .json(v.flags()).number(v.clockOffsetMs()).number(v.capturePeriodSeconds());
    }

    private static void bindReading(Statements row, Reading r) throws java.sql.SQLException {
        row.text(r.meterId()).time(r.collectedAt()).text(r.source().wireName()).time(r.meterTime())
                .number(r.latencyMs()).text(r.status().name()).text(r.error()).json(r.values());
    }

    private static void bindRate(Statements row, Rate r) throws java.sql.SQLException {
        row.text(r.meterId()).text(r.obis()).time(r.from()).time(r.to()).decimal(r.delta()).text(r.deltaUnit())
                .decimal(r.rate()).text(r.unit()).text(r.kind().name());
    }

    private static void bindDrift(Statements row, ClockDrift d) throws java.sql.SQLException {
        row.text(d.meterId()).time(d.at()).number(d.driftMs()).decimal(d.trendSecondsPerDay()).number(d.samples());
    }

    private static void bindErrorStats(Statements row, ErrorStats s) throws java.sql.SQLException {
        row.text(s.meterId()).time(s.windowStart()).time(s.windowEnd()).number(s.total()).number(s.failed())
                .decimal(s.errorPct()).json(s.byStatus()).number(s.expected()).decimal(s.publicationPct());
    }

    private static Statements bindAlert(Statements row, Alert a) throws java.sql.SQLException {
        return row.text(a.meterId()).text(a.rule()).text(a.state().name()).text(a.severity().name()).time(a.since())
                .time(a.at()).decimal(a.value()).decimal(a.threshold()).number(a.consecutive()).text(a.message());
    }

    private static void bindWorkflow(Statements row, AlertCommandResult r) throws java.sql.SQLException {
        final AlertCommandResult.Workflow w = r.workflow();
        row.text(w == null ? null : w.acknowledgedBy()).time(w == null ? null : w.acknowledgedAt())
                .time(w == null ? null : w.shelvedUntil()).text(w == null ? null : w.assignee()).time(r.at())
                .text(r.meterId()).text(r.rule()).time(w == null ? null : w.since()).time(r.at());
    }
}
