package io.meterflow.simulator.dlms.cosem;

import io.meterflow.simulator.physics.MeterPhysics;
import org.openmuc.jdlms.AttributeAccessMode;
import org.openmuc.jdlms.CosemAttribute;
import org.openmuc.jdlms.CosemClass;
import org.openmuc.jdlms.CosemInterfaceObject;
import org.openmuc.jdlms.IllegalAttributeAccessException;
import org.openmuc.jdlms.AccessResultCode;
import org.openmuc.jdlms.SelectiveAccessDescription;
import org.openmuc.jdlms.datatypes.DataObject;

import io.meterflow.schema.IntervalFlag;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * Profile Generic (class 7) 1.0.99.1.0.255: one row per capture period of the meter's clock, with the clock, the
 * AMR profile status (0.0.96.10.1.255) and the two energy registers. Rows are recomputed from {@link MeterPhysics}
 * rather than stored, so the buffer holds {@code historyRows} rows back from the meter's current time. Strictly
 * the meter's clock: a row exists only for a capture boundary the clock has shown (none in its future, none it
 * jumped over when it was set forward; after a set back, the later capture wins). Range selective access
 * (selector 1) filters by the clock column, inclusive at both ends.
 */
@CosemClass(id = 7, version = 1)
public class LoadProfileObject extends CosemInterfaceObject {

    private static final int RANGE_DESCRIPTOR = 1;

    @CosemAttribute(id = 2, accessMode = AttributeAccessMode.READ_ONLY, selector = {RANGE_DESCRIPTOR})
    private DataObject buffer;

    @CosemAttribute(id = 3, type = DataObject.Type.ARRAY, accessMode = AttributeAccessMode.READ_ONLY)
    private DataObject captureObjects;

    @CosemAttribute(id = 4, type = DataObject.Type.DOUBLE_LONG_UNSIGNED, accessMode = AttributeAccessMode.READ_ONLY)
    private DataObject capturePeriod;

    private final MeterPhysics physics;
    private final LongSupplier now;
    private final long periodMs;
    private final int historyRows;
    private final List<RegisterObject> columns;
    private LongConsumer rowListener = capture -> { };

    public LoadProfileObject(MeterPhysics physics, LongSupplier now, Duration period, int historyRows,
                             List<RegisterObject> columns) {
        super(Obis.code(Obis.LOAD_PROFILE));
        this.physics = physics;
        this.now = now;
        this.periodMs = period.toMillis();
        this.historyRows = historyRows;
        this.columns = List.copyOf(columns);
        final List<DataObject> objects = new ArrayList<>();
        objects.add(captureObject(8, Obis.code(Obis.CLOCK).bytes()));
        objects.add(captureObject(1, Obis.code(Obis.PROFILE_STATUS).bytes()));
        for (RegisterObject column : columns) {
            objects.add(captureObject(3, column.getInstanceId().bytes()));
        }
        this.captureObjects = DataObject.newArrayData(objects);
        this.capturePeriod = DataObject.newUInteger32Data(Math.max(1, periodMs / 1_000));
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
        final long newest = newestCapture();
        long from = newest - (historyRows - 1L) * periodMs;
        long to = newest;
        if (access != null) {
            if (access.getAccessSelector() != RANGE_DESCRIPTOR) {
                throw new IllegalAttributeAccessException(AccessResultCode.OTHER_REASON);
            }
            final List<DataObject> range = access.getAccessParameter().getValue();
            from = Math.max(from, ceilToPeriod(DateTimes.decode(range.get(1))));
            to = Math.min(to, DateTimes.decode(range.get(2)));
        }
        final long trueNow = now.getAsLong();
        final List<DataObject> rows = new ArrayList<>();
        for (long capture = from; capture <= to; capture += periodMs) {
            final OptionalLong trueMs = physics.clock().trueTime(capture, trueNow);
            if (trueMs.isEmpty()) {
                continue;
            }
            final List<DataObject> row = new ArrayList<>();
            row.add(DateTimes.encode(capture));
            row.add(DataObject.newUInteger8Data((short) status(capture, trueMs.getAsLong(), trueNow)));
            for (RegisterObject column : columns) {
                row.add(column.encodedAt(trueMs.getAsLong()));
            }
            rows.add(DataObject.newStructureData(row));
            rowListener.accept(capture);
        }
        return DataObject.newArrayData(rows);
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

    private long ceilToPeriod(long ms) {
        return Math.floorDiv(ms + periodMs - 1, periodMs) * periodMs;
    }

    private static DataObject captureObject(int classId, byte[] logicalName) {
        return DataObject.newStructureData(DataObject.newUInteger16Data(classId),
                DataObject.newOctetStringData(logicalName), DataObject.newInteger8Data((byte) 2),
                DataObject.newUInteger16Data(0));
    }
}
