package io.meterflow.schema;

import java.util.List;
import java.util.Map;

/** Representative values of every topic type, including the nullable and failure variants. */
final class Samples {

    static final long T0 = 1_763_800_000_000L;

    static final Reading OK_READING = Reading.ok("meter-0001", ReadingSource.DLMS, T0, T0 - 1_250, 42,
            List.of(new MeterValue("1.0.1.8.0.255", 123_456.7, "Wh"),
                    new MeterValue("1.0.32.7.0.255", 231.4, "V"),
                    new MeterValue("0.0.96.1.0.255", 7, null)));
    static final Reading MQTT_READING_WITHOUT_CLOCK = Reading.ok("gw-7/meter-3", ReadingSource.MQTT, T0, null, 0,
            List.of(new MeterValue("1.0.1.7.0.255", 1_520, "W")));
    static final Reading FAILED_READING = Reading.failed("meter-0002", ReadingSource.DLMS, T0, 5_000,
            ReadingStatus.TIMEOUT, "no answer within 5000 ms");
    static final Interval INTERVAL = new Interval("meter-0001", T0 - 900_000,
            List.of(new MeterValue("1.0.1.8.0.255", 123_400.0, "Wh")), 0, List.of(), -1_250L, Provenance.POLL);
    static final Interval INTERVAL_WITHOUT_STATUS = new Interval("meter-0001", T0, List.of(), null, List.of(), 0L,
            Provenance.POLL);
    /** Power down and clock adjusted by the meter (0xA0), and 95 s ahead: suspect. */
    static final Interval FLAGGED_INTERVAL = new Interval("meter-0001", T0, List.of(), 0xA0,
            List.of(IntervalFlag.CLOCK_ADJUSTED, IntervalFlag.POWER_DOWN, IntervalFlag.CLOCK_SUSPECT), 95_000L,
            Provenance.BACKFILL);
    static final Rate RATE = new Rate("meter-0001", "1.0.1.8.0.255", T0 - 900_000, T0, 250, "Wh", 1_000, "W",
            RateKind.NORMAL);
    static final Rate RESET = new Rate("meter-0003", "1.0.2.8.0.255", T0 - 900_000, T0, 12, "varh", 48, "var",
            RateKind.RESET);
    static final ClockDrift DRIFT = new ClockDrift("meter-0001", T0, -1_271, 0.86, 12);
    static final ClockDrift FIRST_DRIFT = new ClockDrift("meter-0001", T0, 15_000, null, 1);
    static final ErrorStats METER_STATS = new ErrorStats("meter-0001", T0 - 300_000, T0, 10, 2, 20.0,
            Map.of(ReadingStatus.OK, 8L, ReadingStatus.TIMEOUT, 2L), 10L, 100.0);
    static final ErrorStats FLEET_STATS = new ErrorStats(ErrorStats.FLEET, T0 - 300_000, T0, 500, 5, 1.0,
            Map.of(ReadingStatus.OK, 495L, ReadingStatus.AUTH_FAILED, 5L), null, null);
    static final Alert FIRING = new Alert("meter-0001", "ClockDrift", AlertState.FIRING, Severity.HIGH,
            T0 - 600_000, T0, 12_500.0, 10_000.0, 3, "clock drift 12.5 s above 10 s");
    static final ClockSync SYNC_OK = new ClockSync("meter-0001", T0, 90_120L, ClockSyncMethod.WRITE_TIME,
            ClockSyncResult.OK, null, 12L);
    static final ClockSync SYNC_REFUSED = new ClockSync("meter-0005", T0, -600_400L, ClockSyncMethod.SHIFT_TIME,
            ClockSyncResult.REFUSED, "meter denied SET time (READ_WRITE_DENIED) and shift_time (READ_WRITE_DENIED)",
            -600_380L);
    static final ClockSync SYNC_FAILED = new ClockSync("meter-0006", T0, 20_000L, ClockSyncMethod.WRITE_TIME,
            ClockSyncResult.FAILED, "no answer within 5000 ms", null);
    static final Alert NO_DATA = new Alert("meter-0004", "MeterSilent", AlertState.NO_DATA, Severity.MEDIUM,
            T0 - 2_700_000, T0, null, null, 0, "no reading for 3 expected intervals");

    static final Alert ACKNOWLEDGED_SHELVED = new Alert("meter-0001", "ClockDrift", AlertState.FIRING,
            Severity.CRITICAL, T0 - 600_000, T0, 61_000.0, 60_000.0, 4, "clock drift 61 s above 60 s",
            "ops-key", T0 - 60_000, T0 + 3_600_000, "alice");
    static final AlertCommand SHELVE = AlertCommand.of("6f1c2a9e-8b4d-4d3a-9f27-0c5e1b7a2d10", "meter-0001",
            "ClockDrift", AlertCommand.Action.SHELVE, "ops-key", T0, T0 + 3_600_000, null, "maintenance tonight");
    static final AlertCommand ACKNOWLEDGE = AlertCommand.of("0b7e3c55-1f6a-4e8e-b2a4-5d9c7e6f8a01", "*",
            "FleetErrorRate", AlertCommand.Action.ACKNOWLEDGE, "ops-key", T0, null, null, null);
    static final AlertCommandResult APPLIED = AlertCommandResult.applied(SHELVE,
            new AlertCommandResult.Workflow(AlertState.FIRING, Severity.HIGH, T0 - 600_000, null, null,
                    T0 + 3_600_000, null), null);
    static final AlertCommandResult REJECTED = AlertCommandResult.rejected(ACKNOWLEDGE,
            AlertCommandResult.Reason.NO_ACTIVE_ALERT, "no active alert FleetErrorRate for *", null);
    static final AlertCommandResult DUPLICATE = AlertCommandResult.duplicate(SHELVE,
            AlertCommandResult.Outcome.APPLIED, null, APPLIED.workflow());

    static final MeterEvent ALARM = new MeterEvent("meter-0005", T0 - 2_000, T0, "0.0.97.98.0.255", 0x2005,
            List.of("CLOCK_INVALID", "POWER_UP", "FRAUD_ATTEMPT"));
    static final MeterEvent EVENT_CODE = new MeterEvent("meter-0005", T0 - 2_000, T0, "0.0.96.11.0.255", 1, List.of());

    static final Interval INTERVAL_WITH_PERIOD = new Interval("meter-0001", T0, List.of(new MeterValue("1.0.1.8.0.255",
            123_650.0, "Wh")), 0, List.of(), 40L, Provenance.BACKFILL, 900);
    static final BackfillRequest BACKFILL_REQUEST = new BackfillRequest("meter-0001",
            BackfillRequest.requestIdOf("meter-0001", T0 - 3_600_000, T0 - 1_800_000), T0 - 3_600_000, T0 - 1_800_000,
            900, BackfillReason.GAP, 2, T0);
    static final BackfillOutcome BACKFILL_READ = BackfillOutcome.of(BACKFILL_REQUEST, BackfillResult.READ, 3, null,
            T0 + 4_000, null);
    static final BackfillOutcome BACKFILL_UNRECOVERABLE = BackfillOutcome.of(BACKFILL_REQUEST,
            BackfillResult.UNRECOVERABLE, 0, T0 - 900_000, T0 + 4_000, "buffer starts at a later capture time");
    static final Completeness COMPLETENESS = new Completeness("meter-0001", "2025-11-22", 900, 96, 92, 2, 2,
            List.of(new Gap(T0 - 3_600_000, T0 - 2_700_000, 2, GapState.ESTIMATED, 3, T0),
                    new Gap(T0 - 900_000, T0, 2, GapState.REQUESTED, 1, T0)), T0 + 60_000);
    static final ValidatedInterval SUSPECT_ROW = ValidatedInterval.of(INTERVAL_WITH_PERIOD, IntervalQuality.SUSPECT,
            List.of(new QualityReason(QualityRule.SPIKE, "250 Wh is above 10 x the median 20 Wh of the last 96 rows")),
            1, T0 + 1_000);
    static final ValidatedInterval ESTIMATE = new ValidatedInterval("meter-0001", T0 - 900_000,
            List.of(new MeterValue("1.0.1.8.0.255", 123_525.0, "Wh")), List.of(), null, null, 900,
            IntervalQuality.ESTIMATED, List.of(new QualityReason(QualityRule.LINEAR_INTERPOLATION,
                    "between 123400.0 Wh and 123650.0 Wh")), 1, T0 + 2_000);

    static final List<Object> ALL = List.of(INTERVAL_WITH_PERIOD, BACKFILL_REQUEST, BACKFILL_READ,
            BACKFILL_UNRECOVERABLE, COMPLETENESS, SUSPECT_ROW, ESTIMATE, ALARM, EVENT_CODE, OK_READING, MQTT_READING_WITHOUT_CLOCK, FAILED_READING, INTERVAL,
            INTERVAL_WITHOUT_STATUS, FLAGGED_INTERVAL, RATE, RESET, DRIFT, FIRST_DRIFT, METER_STATS, FLEET_STATS,
            FIRING, NO_DATA, ACKNOWLEDGED_SHELVED, SHELVE, ACKNOWLEDGE, APPLIED, REJECTED, DUPLICATE,
            SYNC_OK, SYNC_REFUSED, SYNC_FAILED);

    private Samples() {
    }
}
