package io.meterflow.connect.dlms.poll;

import io.meterflow.connect.dlms.backfill.Backfill;
import io.meterflow.connect.dlms.clock.ClockReading;
import io.meterflow.connect.dlms.clock.ClockSyncGate;
import io.meterflow.connect.dlms.clock.ClockWriter;
import io.meterflow.connect.dlms.clock.IntervalQuality;
import io.meterflow.connect.dlms.config.ClockSettings;
import io.meterflow.connect.dlms.meter.AuthMechanism;
import io.meterflow.connect.dlms.meter.MeterDefinition;
import io.meterflow.connect.dlms.metrics.DlmsTaskMetrics;
import io.meterflow.connect.dlms.record.CosemValues;
import io.meterflow.connect.dlms.record.MeterRecords;
import io.meterflow.connect.dlms.security.CounterOffsets;
import io.meterflow.connect.dlms.security.InvocationCounterState;
import io.meterflow.schema.ClockSync;
import io.meterflow.schema.MeterValue;
import io.meterflow.schema.ReadingStatus;
import org.apache.kafka.connect.source.SourceRecord;
import org.openmuc.jdlms.AttributeAddress;
import org.openmuc.jdlms.DlmsConnection;
import org.openmuc.jdlms.GetResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * One meter's poll cycles. Each cycle reads the clock and the configured registers in one GET-with-list and
 * writes exactly one reading, OK or the classified failure; scaler/unit are read once and cached. After a
 * successful read the load profile is read when due (its range ends at the meter clock just read), then the clock
 * is set when it drifted too far and the meter is opted in. Backfill requests for the meter are served in the same
 * cycle, after the profile read (a failed cycle answers them FAILED). Nothing a meter does escapes a cycle.
 */
final class MeterPoller {

    private static final Logger LOG = LoggerFactory.getLogger(MeterPoller.class);
    private static final int CLOCK_CLASS = 8;
    private static final int REGISTER_CLASS = 3;
    private static final String CLOCK_OBIS = "0.0.1.0.0.255";

    private final MeterDefinition meter;
    private final PollSettings settings;
    private final MeterConnector connector;
    private final MeterRecords records;
    private final RecordSink sink;
    private final DlmsTaskMetrics metrics;
    private final AtomicInteger openAssociations;
    private final LongSupplier clock;
    private final List<AttributeAddress> valueRequest;
    private final LoadProfileReader profile;
    /** HLS5 meters only: associations that never replay an invocation counter. */
    private final HlsAssociator hls;
    private final IntervalQuality quality;
    /** Null when this meter's clock is not synchronised. */
    private final ClockSyncGate syncGate;
    private final ClockWriter clockWriter;
    /** Null unless backfill requests are served (it needs the load profile). */
    private final MeterBackfill backfill;

    private DlmsConnection connection;
    private Map<String, ScalerUnit> scalers;
    private final Backoff backoff;
    private long nextProfileReadMs;

    MeterPoller(MeterDefinition meter, PollSettings settings, MeterConnector connector, MeterRecords records,
                RecordSink sink, DlmsTaskMetrics metrics, AtomicInteger openAssociations, LongSupplier clock,
                Long committedCapturedAt, OptionalLong persistedInvocationCounter, Long lastClockSyncAt,
                Backfill backfill) {
        this.meter = meter;
        this.settings = settings;
        this.connector = connector;
        this.records = records;
        this.sink = sink;
        this.metrics = metrics;
        this.openAssociations = openAssociations;
        this.clock = clock;
        final List<AttributeAddress> request = new ArrayList<>();
        request.add(new AttributeAddress(CLOCK_CLASS, CosemValues.obis(CLOCK_OBIS), 2));
        for (String obis : settings.registers()) {
            request.add(new AttributeAddress(REGISTER_CLASS, CosemValues.obis(obis), 2));
        }
        this.valueRequest = List.copyOf(request);
        this.backoff = new Backoff(settings.backoffMax());
        if (meter.problem() != null) {
            LOG.warn("{} (reported as {})", meter.problem().message(), meter.problem().status());
        }
        this.profile = settings.profileEnabled()
                ? new LoadProfileReader(meter.meterId(), settings.profileObis(), settings.profileMaxRows(),
                committedCapturedAt)
                : null;
        this.hls = meter.auth() == AuthMechanism.HLS5_GMAC
                ? new HlsAssociator(meter, connector, new InvocationCounterState(persistedInvocationCounter,
                settings.invocationCounterJump()), metrics)
                : null;
        this.quality = new IntervalQuality(settings.clock().suspectThreshold());
        this.clockWriter = new ClockWriter(clock, FailureClassifier::describe);
        this.syncGate = clockSyncGate(meter, settings.clock(), lastClockSyncAt);
        this.backfill = backfill != null && profile != null
                ? new MeterBackfill(meter.meterId(), backfill, profile, sink) : null;
    }

    /**
     * A gate when the meter is opted in and its client is authenticated. The connector-wide clock.sync.enabled
     * covers the authenticated meters only; validate() rejects it for inline meters with auth NONE and the
     * inventory rejects clock_sync on a NONE row, so a NONE meter asked for by name is only a defensive warning.
     */
    private static ClockSyncGate clockSyncGate(MeterDefinition meter, ClockSettings.Values clock, Long lastSyncAt) {
        if (!meter.clockSync(clock.syncEnabled())) {
            return null;
        }
        if (meter.auth() == AuthMechanism.NONE) {
            if (Boolean.TRUE.equals(meter.clockSync())) {
                LOG.warn("Meter {}: clock_sync is set but its client is not authenticated (auth NONE); its clock is "
                        + "not set", meter.meterId());
            }
            return null;
        }
        return new ClockSyncGate(clock.syncThreshold(), clock.syncMinInterval(), lastSyncAt);
    }

    String meterId() {
        return meter.meterId();
    }

    MeterDefinition meter() {
        return meter;
    }

    Duration interval() {
        return meter.pollInterval() != null ? meter.pollInterval() : settings.pollInterval();
    }

    /** Runs one cycle and returns how long to wait before the next. */
    Duration cycle() throws InterruptedException {
        final Cycle result = meter.problem() == null ? readRegisters() : unusableDefinition();
        // An HLS meter's reading carries the highest invocation counter used so far in its source offset.
        sink.put(hls == null || hls.highestUsed() == 0 ? result.record
                : CounterOffsets.withCounter(result.record, hls.highestUsed()));
        metrics.cycle(meter.meterId(), result.status, result.latencyMs);
        if (result.status == ReadingStatus.OK) {
            quality.offsetMeasured(result.clock.offsetMs());
            if (profile != null && clock.getAsLong() >= nextProfileReadMs) {
                readProfile(result.clock.meterTime());
            }
            if (backfill != null && connection != null) {
                serveBackfill(result.clock.meterTime());
            }
            // After the profile read: the rows it fetched were captured under the clock as it was.
            if (syncGate != null && connection != null && syncGate.due(result.clock)) {
                synchroniseClock(result.clock);
            }
        } else if (backfill != null) {
            backfill.failAll(result.error); // the ledger asks again, with backoff
        }
        if (result.status != ReadingStatus.OK) {
            abortConnection();
        } else if (!settings.keepOpen() || meter.transport().isHdlc()) {
            // An HDLC association is never kept: it would hold the gateway the other meters behind it need.
            closeConnection();
        }
        return nextDelay(result.status);
    }

    void close() {
        abortConnection();
    }

    private Cycle readRegisters() throws InterruptedException {
        final long started = clock.getAsLong();
        FailureClassifier.Phase phase = FailureClassifier.Phase.CONNECT;
        try {
            final boolean reused = connection != null;
            if (!reused) {
                openConnection();
            }
            phase = FailureClassifier.Phase.REQUEST;
            try {
                return readValues();
            } catch (EOFException | SocketException lost) {
                if (!reused) {
                    throw lost;
                }
                // The meter closed an idle association (inactivity timeout): one fresh try within the cycle.
                LOG.debug("Meter {}: kept association was closed ({}), reconnecting", meter.meterId(), lost.toString());
                abortConnection();
                phase = FailureClassifier.Phase.CONNECT;
                openConnection();
                phase = FailureClassifier.Phase.REQUEST;
                return readValues();
            }
        } catch (InterruptedException e) {
            throw e;
        } catch (IOException | TimeoutException | RuntimeException e) {
            final ReadingStatus status = FailureClassifier.classify(e, phase, meter.auth());
            final long now = clock.getAsLong();
            LOG.debug("Meter {}: {} ({})", meter.meterId(), status, e.toString());
            final String error = FailureClassifier.describe(e);
            return new Cycle(records.failed(meter.meterId(), now, now - started, status, error), status,
                    now - started, null, error);
        }
    }

    /** A meter whose definition cannot be used still reports its cycles, with the reason, without a connection. */
    private Cycle unusableDefinition() {
        final long now = clock.getAsLong();
        final ReadingStatus status = meter.problem().status();
        return new Cycle(records.failed(meter.meterId(), now, 0, status, meter.problem().message()), status, 0, null,
                meter.problem().message());
    }

    private void openConnection() throws IOException, TimeoutException, InterruptedException {
        connection = hls != null ? hls.open() : connector.open(meter);
        openAssociations.incrementAndGet();
    }

    private Cycle readValues() throws IOException {
        if (scalers == null) {
            scalers = readScalers();
        }
        final long sentNanos = System.nanoTime();
        final List<GetResult> results = connection.get(valueRequest);
        final long latencyMs = (System.nanoTime() - sentNanos) / 1_000_000;
        final long collectedAt = clock.getAsLong();
        final long meterTime = CosemValues.epochMillis(LoadProfileReader.success(results.get(0), CLOCK_OBIS + " time"));
        final List<MeterValue> values = new ArrayList<>();
        for (int i = 0; i < settings.registers().size(); i++) {
            final String obis = settings.registers().get(i);
            final ScalerUnit scaler = scalers.get(obis);
            values.add(new MeterValue(obis, CosemValues.scaled(LoadProfileReader.success(results.get(i + 1),
                    obis + " value"), scaler.scaler()), scaler.unit()));
        }
        final SourceRecord record = records.ok(meter.meterId(), collectedAt, meterTime, latencyMs, values);
        return new Cycle(record, ReadingStatus.OK, latencyMs, new ClockReading(meterTime, collectedAt, latencyMs),
                null);
    }

    private Map<String, ScalerUnit> readScalers() throws IOException {
        final List<AttributeAddress> request = settings.registers().stream()
                .map(obis -> new AttributeAddress(REGISTER_CLASS, CosemValues.obis(obis), 3)).toList();
        final List<GetResult> results = connection.get(request);
        final Map<String, ScalerUnit> read = new HashMap<>();
        for (int i = 0; i < request.size(); i++) {
            final String obis = settings.registers().get(i);
            read.put(obis, ScalerUnit.decode(obis, LoadProfileReader.success(results.get(i), obis + " scaler_unit")));
        }
        return read;
    }

    private void readProfile(long meterNow) throws InterruptedException {
        try {
            final LoadProfileReader.Progress progress = profile.read(connection, meterNow,
                    settings.profileLookback().toMillis(), scalers, records, sink, quality);
            quality.profileRead();
            metrics.profileRead(progress.rows(), progress.skippedWindows());
            nextProfileReadMs = progress.backlog() ? 0 : clock.getAsLong() + settings.profileReadInterval().toMillis();
        } catch (IOException | RuntimeException e) {
            // Retried next cycle from the same position; the reading of this cycle is already written.
            // Expected for failing meters: the next read resumes from the committed capture time.
            LOG.debug("Meter {}: load profile {} read failed: {}", meter.meterId(), settings.profileObis(),
                    FailureClassifier.describe(e));
            abortConnection();
        }
    }

    private void serveBackfill(long meterNow) throws InterruptedException {
        try {
            backfill.serve(connection, meterNow, scalers, quality);
        } catch (IOException | RuntimeException e) {
            // The request it hit is answered FAILED; the others wait for the next cycle's association.
            LOG.debug("Meter {}: backfill read failed: {}", meter.meterId(), FailureClassifier.describe(e));
            closeConnection();
        }
    }

    private void synchroniseClock(ClockReading before) throws InterruptedException {
        final ClockSync attempt = clockWriter.synchronise(connection, meter.meterId(), before);
        syncGate.attempted(attempt.at());
        sink.put(records.clockSync(attempt));
        LOG.info("Meter {}: clock sync {} by {} (drift {} ms, after {} ms){}", meter.meterId(), attempt.result(),
                attempt.method(), attempt.driftBeforeMs(), attempt.driftAfterMs(),
                attempt.error() == null ? "" : ": " + attempt.error());
        switch (attempt.result()) {
            case OK -> {
                final long offsetAfter = attempt.driftAfterMs() == null ? 0 : attempt.driftAfterMs();
                quality.clockSet(attempt.at() + before.offsetMs(), clock.getAsLong() + offsetAfter, offsetAfter);
            }
            case FAILED -> abortConnection();
            case REFUSED -> { }
        }
    }

    private Duration nextDelay(ReadingStatus status) {
        return backoff.next(interval(), status);
    }

    /** Closes the association the polite way (an HDLC meter answers the DISC). */
    private void closeConnection() {
        if (connection != null) {
            MeterConnector.closeQuietly(connection);
            forgetConnection();
        }
    }

    /** Closes the association after a failure, without waiting for a meter that may not answer. */
    private void abortConnection() {
        if (connection != null) {
            MeterConnector.abort(connection);
            forgetConnection();
        }
    }

    private void forgetConnection() {
        connection = null;
        openAssociations.decrementAndGet();
    }

    /**
     * @param clock the meter's clock as read in this cycle, null when the cycle failed
     * @param error why the cycle failed, null when it did not
     */
    private record Cycle(SourceRecord record, ReadingStatus status, long latencyMs, ClockReading clock, String error) {
    }
}
