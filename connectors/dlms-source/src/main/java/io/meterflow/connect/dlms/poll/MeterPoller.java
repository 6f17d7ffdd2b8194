package io.meterflow.connect.dlms.poll;

import io.meterflow.connect.dlms.meter.MeterDefinition;
import io.meterflow.connect.dlms.metrics.DlmsTaskMetrics;
import io.meterflow.connect.dlms.record.CosemValues;
import io.meterflow.connect.dlms.record.MeterRecords;
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
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * One meter's poll cycles. Each cycle reads the clock and the configured registers in one GET-with-list and
 * writes exactly one reading, OK or the classified failure; scaler/unit are read once and cached. After a
 * successful read the load profile is read when due. Nothing a meter does escapes a cycle.
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

    private DlmsConnection connection;
    private Map<String, ScalerUnit> scalers;
    private final Backoff backoff;
    private long nextProfileReadMs;

    MeterPoller(MeterDefinition meter, PollSettings settings, MeterConnector connector, MeterRecords records,
                RecordSink sink, DlmsTaskMetrics metrics, AtomicInteger openAssociations, LongSupplier clock,
                Long committedCapturedAt) {
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
    }

    String meterId() {
        return meter.meterId();
    }

    Duration interval() {
        return meter.pollInterval() != null ? meter.pollInterval() : settings.pollInterval();
    }

    /** Runs one cycle and returns how long to wait before the next. */
    Duration cycle() throws InterruptedException {
        final Cycle result = meter.problem() == null ? readRegisters() : unusableDefinition();
        sink.put(result.record);
        metrics.cycle(meter.meterId(), result.status, result.latencyMs);
        if (result.status == ReadingStatus.OK && profile != null && clock.getAsLong() >= nextProfileReadMs) {
            readProfile(result.meterTime);
        }
        if (result.status != ReadingStatus.OK || !settings.keepOpen()) {
            closeConnection();
        }
        return nextDelay(result.status);
    }

    void close() {
        closeConnection();
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
                closeConnection();
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
            return new Cycle(records.failed(meter.meterId(), now, now - started, status,
                    FailureClassifier.describe(e)), status, now - started, 0);
        }
    }

    /** A meter whose definition cannot be used still reports its cycles, with the reason, without a connection. */
    private Cycle unusableDefinition() {
        final long now = clock.getAsLong();
        final ReadingStatus status = meter.problem().status();
        return new Cycle(records.failed(meter.meterId(), now, 0, status, meter.problem().message()), status, 0, 0);
    }

    private void openConnection() throws IOException, TimeoutException, InterruptedException {
        connection = connector.open(meter);
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
        return new Cycle(record, ReadingStatus.OK, latencyMs, meterTime);
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
                    settings.profileLookback().toMillis(), scalers, records, sink);
            metrics.profileRead(progress.rows(), progress.skippedWindows());
            nextProfileReadMs = progress.backlog() ? 0 : clock.getAsLong() + settings.profileReadInterval().toMillis();
        } catch (IOException | RuntimeException e) {
            // Retried next cycle from the same position; the reading of this cycle is already written.
            // Expected for failing meters: the next read resumes from the committed capture time.
            LOG.debug("Meter {}: load profile {} read failed: {}", meter.meterId(), settings.profileObis(),
                    FailureClassifier.describe(e));
            closeConnection();
        }
    }

    private Duration nextDelay(ReadingStatus status) {
        return backoff.next(interval(), status);
    }

    private void closeConnection() {
        if (connection != null) {
            MeterConnector.closeQuietly(connection);
            connection = null;
            openAssociations.decrementAndGet();
        }
    }

    private record Cycle(SourceRecord record, ReadingStatus status, long latencyMs, long meterTime) {
    }
}
