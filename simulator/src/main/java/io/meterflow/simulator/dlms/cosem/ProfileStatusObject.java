package io.meterflow.simulator.dlms.cosem;

import org.openmuc.jdlms.AttributeAccessMode;
import org.openmuc.jdlms.CosemAttribute;
import org.openmuc.jdlms.CosemClass;
import org.openmuc.jdlms.CosemInterfaceObject;
import org.openmuc.jdlms.datatypes.DataObject;

/** Data (class 1) 0.0.96.10.1.255: the AMR profile status the load profile captures with each row. */
@CosemClass(id = 1)
public class ProfileStatusObject extends CosemInterfaceObject {

    @CosemAttribute(id = 2, type = DataObject.Type.UNSIGNED, accessMode = AttributeAccessMode.READ_ONLY)
    private DataObject value;

    private final LoadProfileObject profile;

    public ProfileStatusObject(LoadProfileObject profile) {
        super(Obis.code(Obis.PROFILE_STATUS));
        this.profile = profile;
    }

    public DataObject getValue() {
        return DataObject.newUInteger8Data((short) profile.currentStatus());
    }
}
