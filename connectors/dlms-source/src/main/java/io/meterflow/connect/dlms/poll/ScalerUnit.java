package io.meterflow.connect.dlms.poll;

import io.meterflow.connect.dlms.record.DlmsUnits;
import org.openmuc.jdlms.datatypes.DataObject;

import java.util.List;

/** Attribute 3 of a Register: the power of ten to apply and the unit symbol. */
record ScalerUnit(int scaler, String unit) {

    static ScalerUnit decode(String obis, DataObject structure) throws MeterProtocolException {
        if (structure.getType() != DataObject.Type.STRUCTURE) {
            throw new MeterProtocolException(obis + ": scaler_unit is " + structure.getType() + ", not a structure");
        }
        final List<DataObject> parts = structure.getValue();
        if (parts.size() != 2 || !parts.get(0).isNumber()) {
            throw new MeterProtocolException(obis + ": scaler_unit is not {scaler, unit}");
        }
        final Number scaler = parts.get(0).getValue();
        final Number unit = parts.get(1).getValue();
        return new ScalerUnit(scaler.intValue(), DlmsUnits.symbol(unit.intValue()));
    }
}
