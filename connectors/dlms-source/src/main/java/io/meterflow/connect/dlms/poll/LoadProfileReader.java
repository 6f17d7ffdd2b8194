package io.meterflow.connect.dlms.poll;

import io.meterflow.connect.dlms.backfill.BufferExtent;
import io.meterflow.connect.dlms.record.CosemValues;
import io.meterflow.connect.dlms.record.MeterRecords;
import io.meterflow.connect.dlms.clock.IntervalQuality;
import io.meterflow.schema.Interval;
import io.meterflow.schema.MeterValue;
import io.meterflow.schema.Provenance;
import org.openmuc.jdlms.AccessResultCode;
import org.openmuc.jdlms.AttributeAddress;
import org.openmuc.jdlms.DlmsConnection;
import org.openmuc.jdlms.GetResult;
import org.openmuc.jdlms.SelectiveAccessDescription;
import org.openmuc.jdlms.datatypes.DataObject;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one meter's Profile Generic incrementally: by capture-time range (selector 1) from just after the last
 * row written, which starts from the committed source offset after a restart. Range bounds are meter time: the
 * upper bound is the meter's clock read in the same cycle, so a meter running ahead gives its newest rows at once
 * and one running behind is not asked for rows it cannot hold yet. The columns (capture objects) and
 * capture period are read once per reader.
 */
final class LoadProfileReader {

    private static final int PROFILE_GENERIC = 7;
    private static final int CLOCK_CLASS = 8;
    private static final int DATA_CLASS = 1;
    private static final int RANGE_DESCRIPTOR = 1;
    private static final int ENTRY_DESCRIPTOR = 2;
    /** The first row to ask for is 1 s after the last one written: COSEM date-times have no finer common grain. */
    private static final long NEXT_ROW_GAP_MS = 1_000;

    /** Bounds one read's walk over empty windows; the walk goes on next cycle. */
    private static final int MAX_EMPTY_WINDOWS_PER_READ = 16;

    private final String meterId;
    private final String profileObis;
    private final int maxRows;
    /** Capture time of the last row written: what the source offset says. */
    private Long lastCapturedAt;
    /** Start of the next window to ask for; ahead of lastCapturedAt once empty windows were stepped over. */
    private Long readFrom;
    private Columns columns;

    LoadProfileReader(String meterId, String profileObis, int maxRows, Long committedCapturedAt) {
        this.meterId = meterId;
        this.profileObis = profileObis;
        this.maxRows = maxRows;
        this.lastCapturedAt = committedCapturedAt;
    }

    /**
     * Reads the rows captured after the last one written, up to the meter's current time, window by window, and
     * hands them over. A window without rows that lies wholly in the meter's past (an outage longer than a window,
     * a meter exchange, rows the meter's ring buffer already overwrote) is stepped over: the read cursor moves on
     * while the committed offset stays with the last row written.
     */
    Progress read(DlmsConnection connection, long meterNow, long lookbackMs, Map<String, ScalerUnit> scalers,
                  MeterRecords records, RecordSink sink, IntervalQuality quality)
            throws IOException, InterruptedException {
        ensureColumns(connection, scalers);
        if (readFrom == null) {
            readFrom = lastCapturedAt == null ? meterNow - lookbackMs : lastCapturedAt + NEXT_ROW_GAP_MS;
        }
        final long windowMs = maxRows * columns.periodMs;
        int skipped = 0;
        while (true) {
            final long from = readFrom;
            final long to = Math.min(meterNow, from + windowMs - 1);
            if (to < from) {
                return new Progress(0, skipped, false);
            }
            final int written = readWindow(connection, from, to, records, sink, quality);
            if (written > 0) {
                readFrom = lastCapturedAt + NEXT_ROW_GAP_MS;
                return new Progress(written, skipped, to < meterNow);
            }
            if (to >= meterNow) {
                // The newest window stays where it is: nothing is skipped that the meter could still hold later.
                return new Progress(0, skipped, false);
            }
            readFrom = to + 1;
            skipped++;
            if (skipped >= MAX_EMPTY_WINDOWS_PER_READ) {
                return new Progress(0, skipped, true);
            }
        }
    }

    private int readWindow(DlmsConnection connection, long from, long to, MeterRecords records, RecordSink sink,
                           IntervalQuality quality) throws IOException, InterruptedException {
        int written = 0;
        for (DataObject row : rows(connection, from, to)) {
            final List<DataObject> cells = row.getValue();
            final long capturedAt = CosemValues.epochMillis(cells.get(columns.clock));
            if (lastCapturedAt != null && capturedAt <= lastCapturedAt) {
                continue;
            }
            sink.put(records.interval(profileObis, interval(cells, capturedAt, Provenance.POLL, quality)));
            lastCapturedAt = capturedAt;
            written++;
        }
        return written;
    }

    /**
     * Reads exactly the rows captured in {@code [from, to]} (meter time, both inclusive) and hands each over as
     * {@code provenance}, without moving the incremental read: neither its cursor nor the committed offset.
     *
     * @return the rows read
     */
    int readRange(DlmsConnection connection, long from, long to, Map<String, ScalerUnit> scalers,
                  Provenance provenance, IntervalQuality quality, IntervalSink out)
            throws IOException, InterruptedException {
        ensureColumns(connection, scalers);
        int read = 0;
        for (DataObject row : rows(connection, from, to)) {
            final List<DataObject> cells = row.getValue();
            final long capturedAt = CosemValues.epochMillis(cells.get(columns.clock));
            if (capturedAt < from || capturedAt > to) {
                continue; // a meter that widens the range to whole periods: only what was asked for
            }
            out.put(interval(cells, capturedAt, provenance, quality));
            read++;
        }
        return read;
    }

    /**
     * What the meter's buffer holds: entries_in_use (attribute 7) and the capture time of its first entry (entry
     * selector 2, entry 1 = the oldest).
     */
    BufferExtent bufferExtent(DlmsConnection connection, Map<String, ScalerUnit> scalers) throws IOException {
        ensureColumns(connection, scalers);
        final long entries = success(connection.get(new AttributeAddress(PROFILE_GENERIC,
                CosemValues.obis(profileObis), 7)), profileObis + " entries_in_use").<Number>getValue().longValue();
        if (entries == 0) {
            return new BufferExtent(0, null);
        }
        final DataObject first = success(connection.get(new AttributeAddress(PROFILE_GENERIC,
                CosemValues.obis(profileObis), 2, new SelectiveAccessDescription(ENTRY_DESCRIPTOR,
                DataObject.newStructureData(DataObject.newUInteger32Data(1), DataObject.newUInteger32Data(1),
                        DataObject.newUInteger16Data(1), DataObject.newUInteger16Data(0))))),
                profileObis + " first buffer entry");
        final List<DataObject> rows = first.getValue();
        return new BufferExtent(entries, rows.isEmpty() ? null
                : CosemValues.epochMillis(rows.get(0).<List<DataObject>>getValue().get(columns.clock)));
    }

    /** The profile's capture period (attribute 4) in ms, read once with the columns. */
    long capturePeriodMs(DlmsConnection connection, Map<String, ScalerUnit> scalers) throws IOException {
        ensureColumns(connection, scalers);
        return columns.periodMs;
    }

    private void ensureColumns(DlmsConnection connection, Map<String, ScalerUnit> scalers) throws IOException {
        if (columns == null) {
            columns = readColumns(connection, scalers);
        }
    }

    private List<DataObject> rows(DlmsConnection connection, long from, long to) throws IOException {
        final GetResult result = connection.get(new AttributeAddress(PROFILE_GENERIC, CosemValues.obis(profileObis),
                2, new SelectiveAccessDescription(RANGE_DESCRIPTOR, CosemValues.clockRange(from, to))));
        return success(result, profileObis + " buffer").getValue();
    }

    private Interval interval(List<DataObject> cells, long capturedAt, Provenance provenance, IntervalQuality quality) {
        final List<MeterValue> values = new ArrayList<>();
        for (Map.Entry<Integer, Column> column : columns.values.entrySet()) {
            final Column c = column.getValue();
            values.add(new MeterValue(c.obis, CosemValues.scaled(cells.get(column.getKey()), c.scaler.scaler()),
                    c.scaler.unit()));
        }
        final Integer status = columns.status == null ? null : cells.get(columns.status).<Number>getValue().intValue();
        return new Interval(meterId, capturedAt, values, status, quality.flags(status, capturedAt, columns.periodMs),
                quality.currentOffsetMs(), provenance, (int) (columns.periodMs / 1_000L));
    }

    private Columns readColumns(DlmsConnection connection, Map<String, ScalerUnit> scalers) throws IOException {
        final List<GetResult> results = connection.get(List.of(
                new AttributeAddress(PROFILE_GENERIC, CosemValues.obis(profileObis), 3),
                new AttributeAddress(PROFILE_GENERIC, CosemValues.obis(profileObis), 4)));
        final List<DataObject> captureObjects = success(results.get(0), profileObis + " capture_objects").getValue();
        final long periodMs = success(results.get(1), profileObis + " capture_period").<Number>getValue().longValue()
                * 1_000L;
        Integer clock = null;
        Integer status = null;
        final Map<Integer, Column> values = new java.util.TreeMap<>();
        final Map<Integer, String> needScaler = new HashMap<>();
        for (int i = 0; i < captureObjects.size(); i++) {
            final List<DataObject> def = captureObjects.get(i).getValue();
            final int classId = def.get(0).<Number>getValue().intValue();
            final String obis = CosemValues.dotted(def.get(1).getValue());
            if (classId == CLOCK_CLASS) {
                clock = i;
            } else if (classId == 3 || classId == 4) {
                if (scalers.containsKey(obis)) {
                    values.put(i, new Column(obis, scalers.get(obis)));
                } else {
                    needScaler.put(i, obis);
                }
            } else if (classId == DATA_CLASS && obis.matches("0\\.\\d+\\.96\\.10\\.\\d+\\.255")) {
                status = i;
            }
        }
        for (Map.Entry<Integer, String> missing : needScaler.entrySet()) {
            final GetResult r = connection.get(new AttributeAddress(3, CosemValues.obis(missing.getValue()), 3));
            values.put(missing.getKey(), new Column(missing.getValue(),
                    ScalerUnit.decode(missing.getValue(), success(r, missing.getValue() + " scaler_unit"))));
        }
        if (clock == null) {
            throw new MeterProtocolException(profileObis + " has no clock column among its capture objects");
        }
        if (periodMs <= 0) {
            throw new MeterProtocolException(profileObis + " has capture period 0 (not a periodic profile)");
        }
        return new Columns(clock, status, values, periodMs);
    }

    static DataObject success(GetResult result, String what) throws MeterProtocolException {
        if (result.getResultCode() != AccessResultCode.SUCCESS) {
            throw new MeterProtocolException(what + ": " + result.getResultCode());
        }
        return result.getResultData();
    }

    /**
     * @param rows           rows written
     * @param skippedWindows empty windows stepped over
     * @param backlog        rows remain beyond this read (read again next cycle)
     */
    /** Where a range read hands its rows. */
    @FunctionalInterface
    interface IntervalSink {
        void put(Interval interval) throws InterruptedException;
    }

    record Progress(int rows, int skippedWindows, boolean backlog) {
    }

    private record Column(String obis, ScalerUnit scaler) {
    }

    private record Columns(int clock, Integer status, Map<Integer, Column> values, long periodMs) {
    }
}
