package io.meterflow.simulator.dlms.cosem;

import io.meterflow.simulator.physics.MeterPhysics;
import io.meterflow.simulator.scenario.ProfileBuffer;
import org.openmuc.jdlms.AttributeAccessMode;
import org.openmuc.jdlms.CosemAttribute;
import org.openmuc.jdlms.CosemClass;
import org.openmuc.jdlms.CosemInterfaceObject;
import org.openmuc.jdlms.IllegalAttributeAccessException;
import org.openmuc.jdlms.AccessResultCode;
import org.openmuc.jdlms.SelectiveAccessDescription;
import org.openmuc.jdlms.datatypes.DataObject;

import io.meterflow.schema.IntervalFlag;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * Profile Generic (class 7) 1.0.99.1.0.255: one row per capture period of the meter's clock, with the clock, the
 * AMR profile status (0.0.96.10.1.255) and the two energy registers. Rows are recomputed from {@link MeterPhysics}
 * rather than stored, so the buffer is a ring of {@code historyRows} capture periods back from the meter's current
 * time (profile_entries, attribute 8). Strictly the meter's clock: a row exists only for a capture boundary the
 * clock has shown (none in its future, none it jumped over when it was set forward; after a set back, the later
 * capture wins). The scenario's {@link ProfileBuffer} takes rows out the way real meters lose them: late captures
 * are missing until their delay passed, and after an exchange nothing captured before it is left. entries_in_use
 * (attribute 7) counts the rows present. Range selective access (selector 1) filters by the clock column, inclusive
 * at both ends; entry selective access (selector 2) picks entries by number, 1 being the oldest (all columns).
 */
@CosemClass(id = 7, version = 1)
public class LoadProfileObject extends CosemInterfaceObject {

    private static final int RANGE_DESCRIPTOR = 1;
    private static final int ENTRY_DESCRIPTOR = 2;

    @CosemAttribute(id = 2, accessMode = AttributeAccessMode.READ_ONLY, selector = {RANGE_DESCRIPTOR, ENTRY_DESCRIPTOR})
    private DataObject buffer;

    @CosemAttribute(id = 3, type = DataObject.Type.ARRAY, accessMode = AttributeAccessMode.READ_ONLY)
    private DataObject captureObjects;

    @CosemAttribute(id = 4, type = DataObject.Type.DOUBLE_LONG_UNSIGNED, accessMode = AttributeAccessMode.READ_ONLY)
    private DataObject capturePeriod;

    @CosemAttribute(id = 7, type = DataObject.Type.DOUBLE_LONG_UNSIGNED, accessMode = AttributeAccessMode.READ_ONLY)
    private DataObject entriesInUse;

    @CosemAttribute(id = 8, type = DataObject.Type.DOUBLE_LONG_UNSIGNED, accessMode = AttributeAccessMode.READ_ONLY)
    private DataObject profileEntries;

    private final MeterPhysics physics;
    private final LongSupplier now;
    private final long periodMs;
    private final int historyRows;
    private final List<RegisterObject> columns;
    private final ProfileBuffer.LateRows lateRows;
    /** True time of the meter exchange, null for never. */
    private final Long exchangedAt;
    private LongConsumer rowListener = capture -> { };

    public LoadProfileObject(MeterPhysics physics, LongSupplier now, Duration period, int historyRows,
                             List<RegisterObject> columns) {
        super(Obis.code(Obis.LOAD_PROFILE));
        this.physics = physics;
        this.now = now;
        this.periodMs = period.toMillis();
        final ProfileBuffer loss = physics.behaviour().profile();
        this.historyRows = loss.entries() != null ? loss.entries() : historyRows;
        this.columns = List.copyOf(columns);
        this.lateRows = loss.lateRows();
        this.exchangedAt = loss.exchangedAfter() == null ? null : physics.startMs() + loss.exchangedAfter().toMillis();
        final List<DataObject> objects = new ArrayList<>();
        objects.add(captureObject(8, Obis.code(Obis.CLOCK).bytes()));
        objects.add(captureObject(1, Obis.code(Obis.PROFILE_STATUS).bytes()));
        for (RegisterObject column : columns) {
            objects.add(captureObject(3, column.getInstanceId().bytes()));
        }
        this.captureObjects = DataObject.newArrayData(objects);
        this.capturePeriod = DataObject.newUInteger32Data(Math.max(1, periodMs / 1_000));
    }

    /**
     * The register columns (by OBIS, scaler applied) of the row captured at {@code capture} (meter clock) as the
     * buffer holds it now; empty when it holds none for that time.
     */
    public Optional<Map<String, BigDecimal>> valuesAt(long capture) {
        final long newest = newestCapture();
        if (capture > newest || capture < newest - (historyRows - 1L) * periodMs || capture % periodMs != 0) {
            return Optional.empty();
        }
        final OptionalLong trueMs = physics.clock().trueTime(capture, now.getAsLong());
        if (trueMs.isEmpty()) {
            return Optional.empty();
        }
        final Map<String, BigDecimal> values = new LinkedHashMap<>();
        for (RegisterObject column : columns) {
            values.put(Obis.dotted(column.getInstanceId().bytes()), column.valueAt(trueMs.getAsLong()));
        }
        return Optional.of(values);
    }

    /** Tells {@code listener} the capture time of every row this profile answers a buffer read with. */
    public LoadProfileObject onRowServed(LongConsumer listener) {
        this.rowListener = listener;
        return this;
    }

    /** Capture time (meter clock) of the newest row in the buffer now. */
    public long newestCapture() {
        return Math.floorDiv(physics.meterTime(now.getAsLong()), periodMs) * periodMs;
    }

    public DataObject getBuffer(SelectiveAccessDescription access) throws IllegalAttributeAccessException {
        final long trueNow = now.getAsLong();
        List<Long> captures = captures(trueNow);
        if (access != null) {
            final List<DataObject> parameters = access.getAccessParameter().getValue();
            captures = switch (access.getAccessSelector()) {
                case RANGE_DESCRIPTOR -> inRange(captures, DateTimes.decode(parameters.get(1)),
                        DateTimes.decode(parameters.get(2)));
                case ENTRY_DESCRIPTOR -> entries(captures, parameters.get(0).<Number>getValue().longValue(),
                        parameters.get(1).<Number>getValue().longValue());
                default -> throw new IllegalAttributeAccessException(AccessResultCode.OTHER_REASON);
            };
        }
        final List<DataObject> rows = new ArrayList<>();
        for (long capture : captures) {
            final long trueMs = physics.clock().trueTime(capture, trueNow).orElseThrow();
            final List<DataObject> row = new ArrayList<>();
            row.add(DateTimes.encode(capture));
            row.add(DataObject.newUInteger8Data((short) status(capture, trueMs, trueNow)));
            for (RegisterObject column : columns) {
                row.add(column.encodedAt(trueMs));
            }
            rows.add(DataObject.newStructureData(row));
            rowListener.accept(capture);
        }
        return DataObject.newArrayData(rows);
    }

    public DataObject getEntriesInUse() {
        return DataObject.newUInteger32Data(captures(now.getAsLong()).size());
    }

    public DataObject getProfileEntries() {
        return DataObject.newUInteger32Data(historyRows);
    }

    /**
     * The rows the buffer holds now, oldest first: capture time (meter clock) to the energy registers' raw values in
     * column order, as a client reads them.
     */
    public SortedMap<Long, List<Long>> heldRows() {
        final long trueNow = now.getAsLong();
        final SortedMap<Long, List<Long>> rows = new TreeMap<>();
        for (long capture : captures(trueNow)) {
            final long trueMs = physics.clock().trueTime(capture, trueNow).orElseThrow();
            rows.put(capture, columns.stream().map(c -> c.encodedAt(trueMs).<Number>getValue().longValue()).toList());
        }
        return rows;
    }

    private List<Long> captures(long trueNow) {
        final long newest = newestCapture();
        final List<Long> held = new ArrayList<>();
        for (long capture = newest - (historyRows - 1L) * periodMs; capture <= newest; capture += periodMs) {
            final OptionalLong trueMs = physics.clock().trueTime(capture, trueNow);
            if (trueMs.isPresent() && !lost(capture, trueMs.getAsLong(), trueNow)) {
                held.add(capture);
            }
        }
        return held;
    }

    /** A late capture not written yet, or a row of the meter that was exchanged. */
    private boolean lost(long capture, long trueMs, long trueNow) {
        if (lateRows != null && Math.floorMod(Math.floorDiv(capture, periodMs), (long) lateRows.every()) == 0
                && trueNow < trueMs + lateRows.delay().toMillis()) {
            return true;
        }
        return exchangedAt != null && trueNow >= exchangedAt && trueMs < exchangedAt;
    }

    private static List<Long> inRange(List<Long> captures, long from, long to) {
        return captures.stream().filter(c -> c >= from && c <= to).toList();
    }

    /** Entries {@code from..to}, numbered from 1 (the oldest); to 0 means up to the newest. */
    private static List<Long> entries(List<Long> captures, long from, long to)
            throws IllegalAttributeAccessException {
        final long last = to == 0 ? captures.size() : Math.min(to, captures.size());
        if (from < 1 || (to != 0 && to < from)) {
            throw new IllegalAttributeAccessException(AccessResultCode.OTHER_REASON);
        }
        return from > last ? List.of() : captures.subList((int) from - 1, (int) last);
    }

    /**
     * The row's AMR profile status, as an IDIS meter sets it: power down when an outage (a silence) fell in the
     * capture period, clock adjusted when the clock was set since the previous capture, daylight saving while the
     * meter's time zone observes summer time.
     */
    private int status(long capture, long trueMs, long trueNow) {
        final Set<IntervalFlag> flags = EnumSet.noneOf(IntervalFlag.class);
        final OptionalLong previous = physics.clock().trueTime(capture - periodMs, trueNow);
        final long periodStart = previous.orElse(trueMs - periodMs);
        if (physics.silentWithin(periodStart, trueMs)) {
            flags.add(IntervalFlag.POWER_DOWN);
        }
        if (physics.clock().segmentAt(trueMs) != physics.clock().segmentAt(periodStart)) {
            flags.add(IntervalFlag.CLOCK_ADJUSTED);
        }
        if (physics.behaviour().timeZone().getRules().isDaylightSavings(Instant.ofEpochMilli(trueMs))) {
            flags.add(IntervalFlag.DAYLIGHT_SAVING);
        }
        return IntervalFlag.encode(flags);
    }

    /** The status column's current value: the status the row captured now would get. */
    public int currentStatus() {
        final long trueNow = now.getAsLong();
        return status(newestCapture(), trueNow, trueNow);
    }

    public DataObject getCaptureObjects() {
        return captureObjects;
    }

    public DataObject getCapturePeriod() {
        return capturePeriod;
    }

    private static DataObject captureObject(int classId, byte[] logicalName) {
        return DataObject.newStructureData(DataObject.newUInteger16Data(classId),
                DataObject.newOctetStringData(logicalName), DataObject.newInteger8Data((byte) 2),
                DataObject.newUInteger16Data(0));
    }
}
