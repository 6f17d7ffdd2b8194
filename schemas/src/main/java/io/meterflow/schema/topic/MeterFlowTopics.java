package io.meterflow.schema.topic;

import io.meterflow.schema.Alert;
import io.meterflow.schema.AlertCommand;
import io.meterflow.schema.AlertCommandResult;
import io.meterflow.schema.BackfillOutcome;
import io.meterflow.schema.BackfillRequest;
import io.meterflow.schema.ClockDrift;
import io.meterflow.schema.ClockSync;
import io.meterflow.schema.Completeness;
import io.meterflow.schema.ErrorStats;
import io.meterflow.schema.Interval;
import io.meterflow.schema.MeterEvent;
import io.meterflow.schema.Rate;
import io.meterflow.schema.Reading;
import io.meterflow.schema.ValidatedInterval;
import org.apache.kafka.common.serialization.Serdes;

import java.util.List;

/** The registry of every topic in the design, with its value type and serde. */
public final class MeterFlowTopics {

    public static final Topic<Reading> READINGS = Topic.json("meter-readings", Reading.class);
    public static final Topic<Interval> INTERVALS = Topic.json("meter-intervals", Interval.class);
    public static final Topic<Rate> RATES = Topic.json("meter-rates", Rate.class);
    public static final Topic<ClockDrift> CLOCK_DRIFT = Topic.json("meter-clock-drift", ClockDrift.class);
    public static final Topic<ErrorStats> ERROR_STATS = Topic.json("meter-error-stats", ErrorStats.class);
    public static final Topic<Alert> ALERTS = Topic.json("meter-alerts", Alert.class);
    /** Operator commands on alerts (acknowledge, shelve, ...), written by query-api, keyed like the readings. */
    public static final Topic<AlertCommand> ALERT_COMMANDS = Topic.json("meter-alert-commands", AlertCommand.class);
    /** One result per command, written by the alert processor. */
    public static final Topic<AlertCommandResult> ALERT_COMMAND_RESULTS =
            Topic.json("meter-alert-command-results", AlertCommandResult.class);
    /** Audit of clock synchronisation attempts by the DLMS source. */
    public static final Topic<ClockSync> CLOCK_SYNC = Topic.json("meter-clock-sync", ClockSync.class);
    /** Alarms and events pushed by DLMS meters (DataNotification), from the DLMS push listener. */
    public static final Topic<MeterEvent> EVENTS = Topic.json("meter-events", MeterEvent.class);

    /** Ranges of load-profile rows the completeness ledger asks the DLMS source to read again. */
    public static final Topic<BackfillRequest> BACKFILL_REQUESTS =
            Topic.json("meter-backfill-requests", BackfillRequest.class);
    /** What the DLMS source did with each backfill request attempt. */
    public static final Topic<BackfillOutcome> BACKFILL_OUTCOMES =
            Topic.json("meter-backfill-outcomes", BackfillOutcome.class);
    /** The completeness ledger per meter and UTC day, whenever it changes. */
    public static final Topic<Completeness> COMPLETENESS = Topic.json("meter-completeness", Completeness.class);
    /** Load-profile rows after validation, and estimates for unrecoverable gaps, versioned. */
    public static final Topic<ValidatedInterval> INTERVALS_VALIDATED =
            Topic.json("meter-intervals-validated", ValidatedInterval.class);

    /** Raw payloads the MQTT source could not map, with error headers; values are the original bytes. */
    public static final Topic<byte[]> READINGS_DLQ =
            new Topic<>("meter-readings-dlq", byte[].class, Serdes.ByteArray(), null);

    /**
     * What the DLMS push listener could not accept (garbage, unknown system title, bad MAC, slow or surplus
     * connections): the bytes received, with headers naming the reason, the peer and the connector.
     */
    public static final Topic<byte[]> PUSH_DLQ =
            new Topic<>("meter-push-dlq", byte[].class, Serdes.ByteArray(), null);

    /** Every topic whose values follow a JSON Schema in {@code schemas/json}. */
    public static final List<Topic<?>> WITH_SCHEMA = List.of(READINGS, INTERVALS, RATES, CLOCK_DRIFT, ERROR_STATS, ALERTS,
            ALERT_COMMANDS, ALERT_COMMAND_RESULTS, CLOCK_SYNC, EVENTS, BACKFILL_REQUESTS, BACKFILL_OUTCOMES, COMPLETENESS,
            INTERVALS_VALIDATED);

    /** Every topic of the design. */
    public static final List<Topic<?>> ALL = List.of(READINGS, INTERVALS, RATES, CLOCK_DRIFT, ERROR_STATS, ALERTS,
            ALERT_COMMANDS, ALERT_COMMAND_RESULTS, CLOCK_SYNC, EVENTS, BACKFILL_REQUESTS, BACKFILL_OUTCOMES, COMPLETENESS,
            INTERVALS_VALIDATED, READINGS_DLQ, PUSH_DLQ);

    private MeterFlowTopics() {
    }
}
