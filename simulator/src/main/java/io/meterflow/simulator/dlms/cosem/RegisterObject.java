package io.meterflow.simulator.dlms.cosem;

import org.openmuc.jdlms.AttributeAccessMode;
import org.openmuc.jdlms.CosemAttribute;
import org.openmuc.jdlms.CosemClass;
import org.openmuc.jdlms.CosemInterfaceObject;
import org.openmuc.jdlms.datatypes.DataObject;

import java.math.BigDecimal;
import java.util.function.LongConsumer;
import java.util.function.LongToDoubleFunction;
import java.util.function.LongSupplier;

/**
 * Register (class 3): a value and its scaler/unit. The physical quantity is divided by 10^scaler and rounded into
 * the register's integer type, as a real meter stores it; clients multiply back.
 */
@CosemClass(id = 3)
public class RegisterObject extends CosemInterfaceObject {

    /** DLMS unit enumeration values (IEC 62056-62 table 4). */
    public static final int UNIT_W = 27;
    public static final int UNIT_WH = 30;
    public static final int UNIT_A = 33;
    public static final int UNIT_V = 35;

    @CosemAttribute(id = 2, accessMode = AttributeAccessMode.READ_ONLY)
    private DataObject value;

    @CosemAttribute(id = 3, type = DataObject.Type.STRUCTURE, accessMode = AttributeAccessMode.READ_ONLY)
    private DataObject scalerUnit;

    private final int scaler;
    private final LongToDoubleFunction quantityAt;
    private final LongSupplier now;
    private final boolean wide;
    private LongConsumer servedListener = value -> { };

    /**
     * @param quantityAt the physical value at a true time
     * @param wide       unsigned 64-bit (cumulative energy) rather than signed 32-bit
     */
    public RegisterObject(String obis, int scaler, int unit, boolean wide, LongToDoubleFunction quantityAt,
                          LongSupplier now) {
        super(Obis.code(obis));
        this.scaler = scaler;
        this.quantityAt = quantityAt;
        this.now = now;
        this.wide = wide;
        this.scalerUnit = DataObject.newStructureData(DataObject.newInteger8Data((byte) scaler),
                DataObject.newEnumerateData(unit));
    }

    /** Tells {@code listener} every value (raw, before the scaler) this register answers a read of its value with. */
    public RegisterObject onServed(LongConsumer listener) {
        this.servedListener = listener;
        return this;
    }

    public DataObject getValue() {
        final long raw = rawAt(now.getAsLong());
        servedListener.accept(raw);
        return encoded(raw);
    }

    public DataObject getScalerUnit() {
        return scalerUnit;
    }

    /** The value a client reads at true time {@code trueMs}, with the scaler applied (what a collector reports). */
    public BigDecimal valueAt(long trueMs) {
        return BigDecimal.valueOf(((Number) encodedAt(trueMs).getValue()).longValue()).scaleByPowerOfTen(scaler);
    }

    /** The register value as it read at true time {@code trueMs}, in the register's integer encoding. */
    public DataObject encodedAt(long trueMs) {
        return encoded(rawAt(trueMs));
    }

    private long rawAt(long trueMs) {
        return Math.round(quantityAt.applyAsDouble(trueMs) / Math.pow(10, scaler));
    }

    private DataObject encoded(long raw) {
        return wide ? DataObject.newUInteger64Data(Math.max(0, raw)) : DataObject.newInteger32Data((int) raw);
    }
}
