package io.meterflow.connect.postgres;

import io.meterflow.schema.Alert;
import io.meterflow.schema.AlertCommand;
import io.meterflow.schema.AlertCommandResult;
import io.meterflow.schema.AlertState;
import io.meterflow.schema.BackfillOutcome;
import io.meterflow.schema.BackfillReason;
import io.meterflow.schema.BackfillRequest;
import io.meterflow.schema.BackfillResult;
import io.meterflow.schema.Completeness;
import io.meterflow.schema.Gap;
import io.meterflow.schema.GapState;
import io.meterflow.schema.IntervalQuality;
import io.meterflow.schema.QualityReason;
import io.meterflow.schema.QualityRule;
import io.meterflow.schema.ValidatedInterval;
import io.meterflow.schema.ClockDrift;
import io.meterflow.schema.ErrorStats;
import io.meterflow.schema.ClockSync;
import io.meterflow.schema.ClockSyncMethod;
import io.meterflow.schema.ClockSyncResult;
import io.meterflow.schema.Interval;
import io.meterflow.schema.IntervalFlag;
import io.meterflow.schema.Provenance;
import io.meterflow.schema.MeterValue;
import io.meterflow.schema.Rate;
import io.meterflow.schema.RateKind;
import io.meterflow.schema.Reading;
import io.meterflow.schema.ReadingSource;
import io.meterflow.schema.ReadingStatus;
import io.meterflow.schema.Severity;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Deterministic topic contents for a small fleet: {@code meters} meters, {@code steps} steps of one minute each,
 * ending within the last hours so that every row is inside the default retention.
 */
public record SampleFleet(int meters, int steps, Instant start) {

    public static SampleFleet of(int meters, int steps) {
        return new SampleFleet(meters, steps, Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(6)));
    }

    public String meterId(int m) {
        return "meter-" + m;
    }

    public long at(int step) {
        return start.plus(Duration.ofMinutes(step)).toEpochMilli();
    }

    public List<Reading> readings() {
        final List<Reading> out = new ArrayList<>();
        for (int s = 0; s < steps; s++) {
            for (int m = 0; m < meters; m++) {
                out.add(s % 7 == 3
                        ? Reading.failed(meterId(m), ReadingSource.DLMS, at(s), 5_000, ReadingStatus.TIMEOUT, "no answer")
                        : Reading.ok(meterId(m), m % 2 == 0 ? ReadingSource.DLMS : ReadingSource.MQTT, at(s),
                                at(s) + m, 40 + s, List.of(new MeterValue("1.0.1.8.0.255", 1000.0 + s * 10 + m, "Wh"),
                                        new MeterValue("1.0.32.7.0.255", 230.1, "V"))));
            }
        }
        return out;
    }

    public List<Interval> intervals() {
        final List<Interval> out = new ArrayList<>();
        for (int s = 0; s < steps; s++) {
            for (int m = 0; m < meters; m++) {
                out.add(interval(m, s));
            }
        }
        return out;
    }

    private Interval interval(int m, int s) {
        final Integer status = s % 5 == 0 ? 0xA0 : null;
        return new Interval(meterId(m), at(s), List.of(new MeterValue("1.0.1.8.0.255", 100.0 * s, "Wh")),
                status, IntervalFlag.decode(status), (long) m * 1_000, Provenance.POLL, 60);
    }

    /** The step at which meter-0's row was first estimated and meter-1's verdict arrives out of version order. */
    public static final int REVISED_STEP = 7;

    /**
     * A verdict on every interval, version 1 (every tenth step from the fourth SUSPECT for a spike), except at
     * {@link #REVISED_STEP}: meter-0's row was estimated first (version 1) and the real row superseded it (version 2);
     * meter-1's version 2 (SUSPECT) is followed on the topic by a stale version 1 (VALID) that must not win.
     */
    public List<ValidatedInterval> validatedIntervals() {
        final List<ValidatedInterval> out = new ArrayList<>();
        for (int s = 0; s < steps; s++) {
            for (int m = 0; m < meters; m++) {
                final Interval row = interval(m, s);
                final long decided = at(s) + 500;
                if (s == REVISED_STEP && m == 0) {
                    out.add(new ValidatedInterval(row.meterId(), row.capturedAt(),
                            List.of(new MeterValue("1.0.1.8.0.255", 100.0 * s - 50, "Wh")), List.of(), null, null, 60,
                            IntervalQuality.ESTIMATED, List.of(new QualityReason(QualityRule.LINEAR_INTERPOLATION,
                            "between " + 100.0 * (s - 1) + " Wh and " + 100.0 * (s + 1) + " Wh")), 1, decided));
                    out.add(ValidatedInterval.of(row, IntervalQuality.VALID, List.of(), 2, decided + 60_000));
                } else if (s == REVISED_STEP && m == 1) {
                    out.add(ValidatedInterval.of(row, IntervalQuality.SUSPECT, List.of(spike()), 2, decided + 60_000));
                    out.add(ValidatedInterval.of(row, IntervalQuality.VALID, List.of(), 1, decided));
                } else {
                    out.add(s % 10 == 4 ? ValidatedInterval.of(row, IntervalQuality.SUSPECT, List.of(spike()), 1, decided)
                            : ValidatedInterval.of(row, IntervalQuality.VALID, List.of(), 1, decided));
                }
            }
        }
        return out;
    }

    private static QualityReason spike() {
        return new QualityReason(QualityRule.SPIKE, "100.0 Wh is above 10 x the median 5.0 Wh of the last 96 rows");
    }

    /** The UTC day every step of the fleet falls on (the steps start on a whole hour and last less than one). */
    public String day() {
        return LocalDate.ofInstant(start, ZoneOffset.UTC).toString();
    }

    /**
     * The ledger of each meter's day, three times: a gap of steps 2..3 MISSING (at step 4), then RECOVERED (at step
     * 6) for even meters and ESTIMATED for odd ones; then a stale copy of the first value, which must not win.
     */
    public List<Completeness> completeness() {
        final List<Completeness> out = new ArrayList<>();
        for (int m = 0; m < meters; m++) {
            final Completeness missing = new Completeness(meterId(m), day(), 60, steps, steps - 2, 0, 2,
                    List.of(new Gap(at(2), at(3), 2, GapState.MISSING, 0, at(4))), at(4));
            out.add(missing);
            out.add(m % 2 == 0
                    ? new Completeness(meterId(m), day(), 60, steps, steps, 0, 0,
                            List.of(new Gap(at(2), at(3), 2, GapState.RECOVERED, 2, at(6))), at(6))
                    : new Completeness(meterId(m), day(), 60, steps, steps - 2, 2, 0,
                            List.of(new Gap(at(2), at(3), 2, GapState.ESTIMATED, 3, at(6))), at(6)));
            out.add(missing);
        }
        return out;
    }

    /** The re-read of steps 2..3 of every even meter: attempt 1 at step 4, attempt 2 at step 5. */
    public List<BackfillRequest> backfillRequests() {
        final List<BackfillRequest> out = new ArrayList<>();
        for (int m = 0; m < meters; m += 2) {
            final String id = BackfillRequest.requestIdOf(meterId(m), at(2), at(3));
            out.add(new BackfillRequest(meterId(m), id, at(2), at(3), 60, BackfillReason.GAP, 1, at(4)));
            out.add(new BackfillRequest(meterId(m), id, at(2), at(3), 60, BackfillReason.GAP, 2, at(5)));
        }
        return out;
    }

    /** Attempt 1 failed (the meter did not answer), attempt 2 read both rows. */
    public List<BackfillOutcome> backfillOutcomes() {
        final List<BackfillOutcome> out = new ArrayList<>();
        for (BackfillRequest request : backfillRequests()) {
            out.add(request.attempt() == 1
                    ? BackfillOutcome.of(request, BackfillResult.FAILED, 0, null, request.requestedAt() + 1_000,
                            "TIMEOUT: no answer within 5 s")
                    : BackfillOutcome.of(request, BackfillResult.READ, 2, at(0), request.requestedAt() + 1_000, null));
        }
        return out;
    }

    /** A clock sync attempt per meter every fifth step; every third meter refuses. */
    public List<ClockSync> clockSyncs() {
        final List<ClockSync> out = new ArrayList<>();
        for (int s = 0; s < steps; s += 5) {
            for (int m = 0; m < meters; m++) {
                out.add(m % 3 == 2
                        ? new ClockSync(meterId(m), at(s), 90_000, ClockSyncMethod.SHIFT_TIME, ClockSyncResult.REFUSED,
                        "SET time: READ_WRITE_DENIED; shift_time: READ_WRITE_DENIED", 90_010L)
                        : new ClockSync(meterId(m), at(s), 90_000, ClockSyncMethod.WRITE_TIME, ClockSyncResult.OK, null,
                        4L));
            }
        }
        return out;
    }

    public List<Rate> rates() {
        final List<Rate> out = new ArrayList<>();
        for (int s = 1; s < steps; s++) {
            for (int m = 0; m < meters; m++) {
                out.add(new Rate(meterId(m), "1.0.1.8.0.255", at(s - 1), at(s), 10.0, "Wh", 600.0, "W",
                        s == 5 ? RateKind.RESET : RateKind.NORMAL));
            }
        }
        return out;
    }

    public List<ClockDrift> clockDrift() {
        final List<ClockDrift> out = new ArrayList<>();
        for (int s = 0; s < steps; s++) {
            for (int m = 0; m < meters; m++) {
                out.add(new ClockDrift(meterId(m), at(s), 1_000L * m + s, s == 0 ? null : 0.5 * m, s + 1));
            }
        }
        return out;
    }

    public List<ErrorStats> errorStats() {
        final List<ErrorStats> out = new ArrayList<>();
        for (int s = 0; s + 5 <= steps; s += 5) {
            for (int m = 0; m < meters; m++) {
                out.add(new ErrorStats(meterId(m), at(s), at(s + 5), 5, 1, 20.0,
                        Map.of(ReadingStatus.OK, 4L, ReadingStatus.TIMEOUT, 1L), 5L, 100.0));
            }
            out.add(new ErrorStats(ErrorStats.FLEET, at(s), at(s + 5), 5L * meters, meters, 20.0,
                    Map.of(ReadingStatus.OK, 4L * meters, ReadingStatus.TIMEOUT, (long) meters), null, null));
        }
        return out;
    }

    public List<Alert> alerts() {
        final List<Alert> out = new ArrayList<>();
        for (int m = 0; m < meters; m += 2) {
            out.add(new Alert(meterId(m), "error-rate", AlertState.PENDING, Severity.HIGH, at(3), at(3), 20.0, 5.0, 1,
                    "error rate 20 % above 5 %"));
            out.add(new Alert(meterId(m), "error-rate", AlertState.FIRING, Severity.HIGH, at(3), at(8), 20.0, 5.0, 2,
                    "error rate 20 % above 5 %"));
            if (m % 4 == 0) {
                out.add(new Alert(meterId(m), "clock-drift", AlertState.FIRING, Severity.CRITICAL, at(2), at(4),
                        65.0, 60.0, 3, "clock drift 65 s"));
            }
        }
        return out;
    }

    /**
     * Operator commands on the error-rate alerts (even meters): ops-alice acknowledges (at step 9) and comments
     * (step 10); ops-bob's second acknowledgement is rejected (step 11); the processor's answer to a retry of the
     * acknowledgement is a duplicate of the same command (step 12).
     */
    public List<AlertCommandResult> commandResults() {
        final List<AlertCommandResult> out = new ArrayList<>();
        for (int m = 0; m < meters; m += 2) {
            final String id = meterId(m);
            final AlertCommandResult.Workflow acked = new AlertCommandResult.Workflow(AlertState.FIRING, Severity.HIGH,
                    at(3), "ops-alice", at(9), null, null);
            final AlertCommand ack = AlertCommand.of("00000000-0000-3000-8000-" + String.format("%012d", m * 10 + 1), id,
                    "error-rate", AlertCommand.Action.ACKNOWLEDGE, "ops-alice", at(9), null, null, null);
            out.add(AlertCommandResult.applied(ack, acked, null));
            out.add(AlertCommandResult.applied(AlertCommand.of("00000000-0000-3000-8000-" + String.format("%012d", m * 10 + 2),
                    id, "error-rate", AlertCommand.Action.COMMENT, "ops-alice", at(10), null, null, "on site at " + id),
                    acked, null));
            out.add(AlertCommandResult.rejected(AlertCommand.of("00000000-0000-3000-8000-" + String.format("%012d", m * 10 + 3),
                    id, "error-rate", AlertCommand.Action.ACKNOWLEDGE, "ops-bob", at(11), null, null, null),
                    AlertCommandResult.Reason.ALREADY_ACKNOWLEDGED, "acknowledged by ops-alice", acked));
            out.add(AlertCommandResult.duplicate(new AlertCommand(1, ack.commandId(), id, "error-rate",
                    AlertCommand.Action.ACKNOWLEDGE, "ops-alice", at(12), null, null, null), AlertCommandResult.Outcome.APPLIED,
                    null, acked));
        }
        return out;
    }

    /** Distinct commands among {@link #commandResults()}. */
    public int commands() {
        return (meters + 1) / 2 * 3;
    }
}
