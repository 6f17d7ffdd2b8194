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

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Profile Generic (class 7) 1.0.99.1.0.255: one row per capture period of the meter's clock, with the clock and
 * the two energy registers. Rows are recomputed from {@link MeterPhysics} rather than stored, so the buffer holds
 * {@code historyRows} rows back from the meter's current time. Range selective access (selector 1) filters by
 * the clock column, inclusive at both ends.
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
        for (RegisterObject column : columns) {
            objects.add(captureObject(3, column.getInstanceId().bytes()));
        }
        this.captureObjects = DataObject.newArrayData(objects);
        this.capturePeriod = DataObject.newUInteger32Data(Math.max(1, periodMs / 1_000));
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
        final List<DataObject> rows = new ArrayList<>();
        for (long capture = from; capture <= to; capture += periodMs) {
            final long trueMs = physics.trueTime(capture);
            final List<DataObject> row = new ArrayList<>();
            row.add(DateTimes.encode(capture));
            for (RegisterObject column : columns) {
                row.add(column.encodedAt(trueMs));
            }
            rows.add(DataObject.newStructureData(row));
        }
        return DataObject.newArrayData(rows);
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
