package io.meterflow.simulator.dlms.cosem;

import org.openmuc.jdlms.ObisCode;

/** OBIS codes in the dotted form MeterFlow's topics use ({@code 1.0.1.8.0.255}). */
public final class Obis {

    public static final String CLOCK = "0.0.1.0.0.255";
    public static final String ENERGY_IMPORT = "1.0.1.8.0.255";
    public static final String ENERGY_EXPORT = "1.0.2.8.0.255";
    public static final String VOLTAGE_L1 = "1.0.32.7.0.255";
    public static final String CURRENT_L1 = "1.0.31.7.0.255";
    public static final String POWER_IMPORT = "1.0.1.7.0.255";
    public static final String LOAD_PROFILE = "1.0.99.1.0.255";

    private Obis() {
    }

    public static ObisCode code(String dotted) {
        return new ObisCode(io.meterflow.schema.obis.ObisCode.parse(dotted).logicalName());
    }

    public static String dotted(byte[] sixBytes) {
        return io.meterflow.schema.obis.ObisCode.ofLogicalName(sixBytes).toString();
    }
}
