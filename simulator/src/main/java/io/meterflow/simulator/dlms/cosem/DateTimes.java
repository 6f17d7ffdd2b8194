package io.meterflow.simulator.dlms.cosem;

import org.openmuc.jdlms.datatypes.CosemDateFormat;
import org.openmuc.jdlms.datatypes.CosemDateTime;
import org.openmuc.jdlms.datatypes.DataObject;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/** COSEM date-time (12-byte octet string, IEC 62056-62 4.1.6.1) to and from epoch milliseconds, always in UTC. */
public final class DateTimes {

    private DateTimes() {
    }

    public static DataObject encode(long epochMs) {
        final ZonedDateTime t = Instant.ofEpochMilli(epochMs).atZone(ZoneOffset.UTC);
        final CosemDateTime dateTime = new CosemDateTime(t.getYear(), t.getMonthValue(), t.getDayOfMonth(),
                t.getDayOfWeek().getValue(), t.getHour(), t.getMinute(), t.getSecond(),
                (int) (epochMs % 1_000 / 10), 0);
        return DataObject.newOctetStringData(dateTime.encode());
    }

    /** Decodes an octet-string or date-time value; an unspecified deviation is read as UTC. */
    public static long decode(DataObject value) {
        final CosemDateTime dateTime = value.getType() == DataObject.Type.DATE_TIME
                ? value.getValue()
                : CosemDateTime.decode((byte[]) value.getValue());
        final int hundredths = dateTime.get(CosemDateFormat.Field.HUNDREDTHS);
        final ZonedDateTime t = ZonedDateTime.of(dateTime.get(CosemDateFormat.Field.YEAR),
                dateTime.get(CosemDateFormat.Field.MONTH), dateTime.get(CosemDateFormat.Field.DAY_OF_MONTH),
                dateTime.get(CosemDateFormat.Field.HOUR), dateTime.get(CosemDateFormat.Field.MINUTE),
                dateTime.get(CosemDateFormat.Field.SECOND), 0, ZoneOffset.UTC);
        return t.toInstant().toEpochMilli() + (hundredths == 0xff ? 0 : hundredths * 10L);
    }
}
