package io.meterflow.connect.dlms.record;

import org.openmuc.jdlms.ObisCode;
import org.openmuc.jdlms.datatypes.CosemDateFormat;
import org.openmuc.jdlms.datatypes.CosemDateTime;
import org.openmuc.jdlms.datatypes.DataObject;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;

/** Conversions between COSEM data and what MeterFlow's topics carry. */
public final class CosemValues {

    private static final int DEVIATION_UNSPECIFIED = 0x8000;

    private CosemValues() {
    }

    public static ObisCode obis(String dotted) {
        return new ObisCode(io.meterflow.schema.obis.ObisCode.parse(dotted).logicalName());
    }

    public static String dotted(byte[] logicalName) {
        return io.meterflow.schema.obis.ObisCode.ofLogicalName(logicalName).toString();
    }

    /** A numeric register value times 10^scaler, computed in decimal so 2301 × 10^-1 is 230.1, not 230.10000000000002. */
    public static double scaled(DataObject value, int scaler) {
        if (!value.isNumber()) {
            throw new IllegalArgumentException("expected a number, got " + value.getType());
        }
        final Number number = value.getValue();
        final BigDecimal raw = number instanceof Float || number instanceof Double
                ? BigDecimal.valueOf(number.doubleValue())
                : new BigDecimal(number.toString());
        return raw.scaleByPowerOfTen(scaler).doubleValue();
    }

    /** A COSEM date-time (octet string or date-time type) as epoch ms; an unspecified deviation means UTC. */
    public static long epochMillis(DataObject value) {
        final CosemDateTime t = value.getType() == DataObject.Type.DATE_TIME
                ? value.getValue()
                : CosemDateTime.decode((byte[]) value.getValue());
        final int hundredths = t.get(CosemDateFormat.Field.HUNDREDTHS);
        final int deviation = t.get(CosemDateFormat.Field.DEVIATION);
        final long utcMs = ZonedDateTime.of(t.get(CosemDateFormat.Field.YEAR), t.get(CosemDateFormat.Field.MONTH),
                        t.get(CosemDateFormat.Field.DAY_OF_MONTH), t.get(CosemDateFormat.Field.HOUR),
                        t.get(CosemDateFormat.Field.MINUTE), t.get(CosemDateFormat.Field.SECOND), 0, ZoneOffset.UTC)
                .toInstant().toEpochMilli() + (hundredths == 0xff ? 0 : hundredths * 10L);
        // DLMS deviation: minutes from local time to UTC, so UTC = local + deviation.
        return deviation == DEVIATION_UNSPECIFIED || deviation == (short) DEVIATION_UNSPECIFIED
                ? utcMs : utcMs + deviation * 60_000L;
    }

    /** Epoch ms as a COSEM date-time octet string in UTC (deviation 0), for range selective access. */
    public static DataObject dateTime(long epochMs) {
        final ZonedDateTime t = Instant.ofEpochMilli(epochMs).atZone(ZoneOffset.UTC);
        return DataObject.newOctetStringData(new CosemDateTime(t.getYear(), t.getMonthValue(), t.getDayOfMonth(),
                t.getDayOfWeek().getValue(), t.getHour(), t.getMinute(), t.getSecond(),
                (int) (epochMs % 1_000 / 10), 0).encode());
    }

    /** Range descriptor (selector 1) over the clock column: capture times from..to inclusive, all columns. */
    public static DataObject clockRange(long fromMs, long toMs) {
        final DataObject restrictingObject = DataObject.newStructureData(DataObject.newUInteger16Data(8),
                DataObject.newOctetStringData(obis("0.0.1.0.0.255").bytes()), DataObject.newInteger8Data((byte) 2),
                DataObject.newUInteger16Data(0));
        return DataObject.newStructureData(restrictingObject, dateTime(fromMs), dateTime(toMs),
                DataObject.newArrayData(List.of()));
    }
}
