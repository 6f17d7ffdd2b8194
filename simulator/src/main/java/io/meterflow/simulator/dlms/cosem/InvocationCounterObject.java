package io.meterflow.simulator.dlms.cosem;

import org.openmuc.jdlms.AttributeAccessMode;
import org.openmuc.jdlms.CosemAttribute;
import org.openmuc.jdlms.CosemClass;
import org.openmuc.jdlms.CosemInterfaceObject;
import org.openmuc.jdlms.datatypes.DataObject;

import java.util.function.LongSupplier;

/**
 * Data (class 1) 0.0.43.1.x.255: the last invocation counter the meter accepted from the client of security setup x,
 * as IDIS/DSMR meters expose it to the public client so a head-end can start above it.
 */
@CosemClass(id = 1)
public class InvocationCounterObject extends CosemInterfaceObject {

    @CosemAttribute(id = 2, type = DataObject.Type.DOUBLE_LONG_UNSIGNED, accessMode = AttributeAccessMode.READ_ONLY)
    private DataObject value;

    private final LongSupplier lastAccepted;

    public InvocationCounterObject(String obis, LongSupplier lastAccepted) {
        super(Obis.code(obis));
        this.lastAccepted = lastAccepted;
    }

    public DataObject getValue() {
        return DataObject.newUInteger32Data(lastAccepted.getAsLong());
    }
}
