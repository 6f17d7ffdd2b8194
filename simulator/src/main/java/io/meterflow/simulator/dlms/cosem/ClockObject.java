package io.meterflow.simulator.dlms.cosem;

import io.meterflow.simulator.physics.MeterPhysics;
import org.openmuc.jdlms.AttributeAccessMode;
import org.openmuc.jdlms.CosemAttribute;
import org.openmuc.jdlms.CosemClass;
import org.openmuc.jdlms.CosemInterfaceObject;
import org.openmuc.jdlms.datatypes.DataObject;

import java.util.function.LongSupplier;

/** Clock (class 8) 0.0.1.0.0.255: the meter's own time, with the scenario's offset and drift, in UTC. */
@CosemClass(id = 8)
public class ClockObject extends CosemInterfaceObject {

    @CosemAttribute(id = 2, type = DataObject.Type.OCTET_STRING, accessMode = AttributeAccessMode.READ_ONLY)
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

    public DataObject getTimeZone() {
        return timeZone;
    }
}
