package io.meterflow.simulator.dlms.cosem;

import io.meterflow.simulator.physics.MeterPhysics;
import io.meterflow.simulator.scenario.ClockSetting;
import org.openmuc.jdlms.AccessResultCode;
import org.openmuc.jdlms.AttributeAccessMode;
import org.openmuc.jdlms.CosemAttribute;
import org.openmuc.jdlms.CosemClass;
import org.openmuc.jdlms.CosemInterfaceObject;
import org.openmuc.jdlms.CosemMethod;
import org.openmuc.jdlms.IllegalAttributeAccessException;
import org.openmuc.jdlms.IllegalMethodAccessException;
import org.openmuc.jdlms.MethodResultCode;
import org.openmuc.jdlms.datatypes.DataObject;

import java.util.function.LongSupplier;

/**
 * Clock (class 8) 0.0.1.0.0.255: the meter's own time, with the scenario's offset and drift, in UTC. Clients may
 * set it (attribute 2) or shift it (method 6, shift_time, ±900 s as the Blue Book limits it) unless the meter's
 * {@link ClockSetting} denies it.
 */
@CosemClass(id = 8)
public class ClockObject extends CosemInterfaceObject {

    /** shift_time's range in the Blue Book: long (seconds) from -900 to 900. */
    private static final int MAX_SHIFT_SECONDS = 900;

    @CosemAttribute(id = 2, type = DataObject.Type.OCTET_STRING, accessMode = AttributeAccessMode.READ_AND_WRITE)
    private DataObject time;

    @CosemAttribute(id = 3, type = DataObject.Type.LONG_INTEGER, accessMode = AttributeAccessMode.READ_ONLY)
    private DataObject timeZone = DataObject.newInteger16Data((short) 0);

    private final MeterPhysics physics;
    private final LongSupplier now;

    public ClockObject(MeterPhysics physics, LongSupplier now) {
        super(Obis.code(Obis.CLOCK));
        this.physics = physics;
        this.now = now;
    }

    public DataObject getTime() {
        return DateTimes.encode(physics.meterTime(now.getAsLong()));
    }

    public void setTime(DataObject newTime) throws IllegalAttributeAccessException {
        if (setting() != ClockSetting.ACCEPT) {
            throw new IllegalAttributeAccessException(AccessResultCode.READ_WRITE_DENIED);
        }
        final long meterMs;
        try {
            meterMs = DateTimes.decode(newTime);
        } catch (RuntimeException e) {
            throw new IllegalAttributeAccessException(AccessResultCode.TYPE_UNMATCHED);
        }
        physics.clock().set(now.getAsLong(), meterMs);
    }

    public DataObject getTimeZone() {
        return timeZone;
    }

    @CosemMethod(id = 6, consumes = DataObject.Type.LONG_INTEGER)
    public void shiftTime(DataObject seconds) throws IllegalMethodAccessException {
        if (setting() == ClockSetting.REFUSE) {
            throw new IllegalMethodAccessException(MethodResultCode.READ_WRITE_DENIED);
        }
        final int shift = seconds.<Number>getValue().intValue();
        if (Math.abs(shift) > MAX_SHIFT_SECONDS) {
            throw new IllegalMethodAccessException(MethodResultCode.OTHER_REASON);
        }
        physics.clock().shift(now.getAsLong(), shift * 1_000L);
    }

    private ClockSetting setting() {
        return physics.behaviour().clockSetting();
    }
}
