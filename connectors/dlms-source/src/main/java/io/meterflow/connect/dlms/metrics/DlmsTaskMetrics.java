package io.meterflow.connect.dlms.metrics;

import io.meterflow.schema.BackfillResult;
import io.meterflow.schema.ReadingStatus;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.Avg;
import org.apache.kafka.common.metrics.stats.CumulativeCount;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.common.metrics.stats.Max;
import org.apache.kafka.common.metrics.stats.Rate;

import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * A task's metrics through Connect's plugin metrics (KIP-877; JMX group {@code kafka.connect.plugins}, tagged with
 * connector and task): polls, failures by status, poll latency, schedule lag, open associations, profile rows, and
 * how many of the task's meters are silent or failing now, backfill requests, reads, rows and outcomes. No per-meter
 * tags: per-meter detail is in the topics.
 */
public final class DlmsTaskMetrics {

    private final Sensor polls;
    private final Map<ReadingStatus, Sensor> failures = new EnumMap<>(ReadingStatus.class);
    private final Sensor latency;
    private final Sensor lag;
    private final Sensor profileRows;
    private final Sensor profileEmptyWindows;
    private final Sensor counterRejections;
    private final Sensor counterResyncs;
    private final LatestOutcomes outcomes = new LatestOutcomes();
    private final PluginMetrics metrics;
    private final Sensor backfillRequests;
    private final Sensor backfillInvalid;
    private final Sensor backfillReads;
    private final Sensor backfillRows;
    private final Map<BackfillResult, Sensor> backfillOutcomes = new EnumMap<>(BackfillResult.class);

    public DlmsTaskMetrics(PluginMetrics metrics, IntSupplier openAssociations) {
        this.metrics = metrics;
        polls = metrics.addSensor("dlms-polls");
        polls.add(name(metrics, "polls-total", "Poll cycles completed, any status"), new CumulativeCount());
        polls.add(name(metrics, "poll-rate", "Poll cycles per second"), new Rate());
        for (ReadingStatus status : ReadingStatus.values()) {
            if (status.isFailure()) {
                final Sensor sensor = metrics.addSensor("dlms-poll-failures-" + status.name());
                sensor.add(name(metrics, "poll-failures-total", "Failed poll cycles by status",
                        Map.of("status", status.name())), new CumulativeCount());
                failures.put(status, sensor);
            }
        }
        latency = metrics.addSensor("dlms-poll-latency");
        latency.add(name(metrics, "poll-latency-avg-ms", "Mean request-to-answer time of the register read"), new Avg());
        latency.add(name(metrics, "poll-latency-max-ms", "Longest request-to-answer time of the register read"), new Max());
        lag = metrics.addSensor("dlms-schedule-lag");
        lag.add(name(metrics, "schedule-lag-avg-ms", "Mean delay between a poll's due time and its start"), new Avg());
        lag.add(name(metrics, "schedule-lag-max-ms", "Longest delay between a poll's due time and its start"), new Max());
        profileRows = metrics.addSensor("dlms-profile-rows");
        profileRows.add(name(metrics, "profile-rows-total", "Load-profile rows written"), new CumulativeCount());
        profileEmptyWindows = metrics.addSensor("dlms-profile-empty-windows");
        profileEmptyWindows.add(name(metrics, "profile-empty-windows-total", "Load-profile range windows without rows "
                + "that were stepped over (meter outage, exchange, overwritten rows)"), new CumulativeCount());
        counterRejections = metrics.addSensor("dlms-invocation-counter-rejections");
        counterRejections.add(name(metrics, "invocation-counter-rejections-total", "Associations of HLS5 meters "
                + "rejected for their invocation counter (exception-response or failed decryption)"), new CumulativeCount());
        counterResyncs = metrics.addSensor("dlms-invocation-counter-resyncs");
        counterResyncs.add(name(metrics, "invocation-counter-resyncs-total", "Invocation counter resyncs after a "
                + "rejection (counter read again, or jumped ahead, then associated again)"), new CumulativeCount());
        backfillRequests = metrics.addSensor("dlms-backfill-requests");
        backfillRequests.add(name(metrics, "backfill-requests-total", "Backfill requests taken for the task's meters"),
                new CumulativeCount());
        backfillInvalid = metrics.addSensor("dlms-backfill-requests-invalid");
        backfillInvalid.add(name(metrics, "backfill-requests-invalid-total", "Records on the backfill requests topic "
                + "that are not a valid request (skipped, logged with topic, partition and offset)"), new CumulativeCount());
        backfillReads = metrics.addSensor("dlms-backfill-reads");
        backfillReads.add(name(metrics, "backfill-reads-total", "Range reads of the load profile for backfill requests"),
                new CumulativeCount());
        backfillRows = metrics.addSensor("dlms-backfill-rows");
        backfillRows.add(name(metrics, "backfill-rows-total", "Load-profile rows re-read for backfill requests "
                + "(provenance BACKFILL)"), new CumulativeSum());
        for (BackfillResult result : BackfillResult.values()) {
            final Sensor sensor = metrics.addSensor("dlms-backfill-outcomes-" + result.name());
            sensor.add(name(metrics, "backfill-outcomes-total", "Backfill outcomes written, by result",
                    Map.of("result", result.name())), new CumulativeCount());
            backfillOutcomes.put(result, sensor);
        }
        metrics.addMetric(name(metrics, "open-associations", "DLMS associations currently open"),
                (Gauge<Integer>) (config, now) -> openAssociations.getAsInt());
        metrics.addMetric(name(metrics, "meters", "Meters the task polls"),
                (Gauge<Integer>) (config, now) -> outcomes.meters());
        metrics.addMetric(name(metrics, "meters-silent", "Meters whose most recent poll cycle got no answer "
                        + "(TIMEOUT or UNREACHABLE)"),
                (Gauge<Integer>) (config, now) -> outcomes.metersWhoseLatest(DlmsTaskMetrics::isSilence));
        metrics.addMetric(name(metrics, "meters-failing", "Meters whose most recent poll cycle failed, any status"),
                (Gauge<Integer>) (config, now) -> outcomes.metersWhoseLatest(ReadingStatus::isFailure));
    }

    private static boolean isSilence(ReadingStatus status) {
        return status == ReadingStatus.TIMEOUT || status == ReadingStatus.UNREACHABLE;
    }

    /** The meters the task starts polling; until their first cycle ends they count as neither silent nor failing. */
    public void polling(Collection<String> meterIds) {
        outcomes.polling(meterIds);
    }

    /** The task stopped polling: it has no meters, silent or otherwise. */
    public void pollingStopped() {
        outcomes.releaseAll();
    }

    public void cycle(String meterId, ReadingStatus status, long latencyMs) {
        outcomes.record(meterId, status);
        polls.record();
        if (status.isFailure()) {
            failures.get(status).record();
        } else {
            latency.record(latencyMs);
        }
    }

    public void scheduleLag(long lagMs) {
        lag.record(Math.max(0, lagMs));
    }

    public void profileRead(int rows, int emptyWindowsSkipped) {
        for (int i = 0; i < rows; i++) {
            profileRows.record();
        }
        for (int i = 0; i < emptyWindowsSkipped; i++) {
            profileEmptyWindows.record();
        }
    }

    /** An HLS5 meter rejected the invocation counter of an association. */
    public void invocationCounterRejected() {
        counterRejections.record();
    }

    /** The poller resynced an HLS5 meter's invocation counter after a rejection and associates again. */
    public void invocationCounterResynced() {
        counterResyncs.record();
    }

    /** A backfill request for one of the task's meters was taken from the requests topic. */
    public void backfillRequested() {
        backfillRequests.record();
    }

    /** A record on the requests topic could not be read as a request. */
    public void backfillRequestInvalid() {
        backfillInvalid.record();
    }

    /** One range read for a backfill request returned {@code rows} rows. */
    public void backfillRead(int rows) {
        backfillReads.record();
        backfillRows.record(rows);
    }

    public void backfillOutcome(BackfillResult result) {
        backfillOutcomes.get(result).record();
    }

    /** Requests waiting for their meter's next poll cycle. */
    public void backfillPending(IntSupplier pending) {
        metrics.addMetric(name(metrics, "backfill-requests-pending", "Backfill requests waiting for their meter's "
                + "poll cycle"), (Gauge<Integer>) (config, now) -> pending.getAsInt());
    }

    private static MetricName name(PluginMetrics metrics, String name, String description) {
        return name(metrics, name, description, Map.of());
    }

    private static MetricName name(PluginMetrics metrics, String name, String description, Map<String, String> tags) {
        return metrics.metricName(name, description, new LinkedHashMap<>(tags));
    }
}
