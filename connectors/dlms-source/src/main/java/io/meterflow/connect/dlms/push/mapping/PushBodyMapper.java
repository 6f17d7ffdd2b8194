package io.meterflow.connect.dlms.push.mapping;

import io.meterflow.connect.dlms.record.CosemValues;
import io.meterflow.schema.MeterValue;
import org.openmuc.jdlms.datatypes.DataObject;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads a notification body (a structure following the push object list) into {@link PushContent}. */
public final class PushBodyMapper {

    private PushBodyMapper() {
    }

    /**
     * @throws PushMappingException naming the position and object whose value does not fit the list
     */
    public static PushContent map(DataObject body, PushObjectList list) {
        final List<DataObject> elements = elementsOf(body, list);
        String logicalDeviceName = null;
        Long clock = null;
        final List<MeterValue> registers = new ArrayList<>();
        final List<PushContent.Row> rows = new ArrayList<>();
        final List<PushContent.Event> events = new ArrayList<>();
        for (int i = 0; i < elements.size(); i++) {
            final PushObject object = list.objects().get(i);
            final DataObject value = elements.get(i);
            try {
                switch (object.kind()) {
                    case LOGICAL_DEVICE_NAME -> logicalDeviceName = text(value);
                    case CLOCK -> clock = CosemValues.epochMillis(value);
                    case REGISTER -> registers.add(register(object, value));
                    case STATUS -> registers.add(new MeterValue(object.obis(), integer(value), null));
                    case ALARM, EVENT_CODE -> {
                        final long raw = integer(value);
                        if (raw != 0) {
                            events.add(new PushContent.Event(object.obis(), raw, object.kind() == PushObject.Kind.ALARM
                                    ? AlarmFlags.of(object.obis(), raw) : List.of()));
                        }
                    }
                    case PROFILE -> rows.addAll(rows(object, value));
                    case PUSH_SETUP -> checkPushSetup(object, value);
                }
            } catch (RuntimeException e) {
                throw new PushMappingException("element " + (i + 1) + " (" + object.obis() + ", " + object.kind()
                        + "): " + e.getMessage(), e);
            }
        }
        return new PushContent(logicalDeviceName, clock, registers, rows, events);
    }

    private static List<DataObject> elementsOf(DataObject body, PushObjectList list) {
        if (body.getType() != DataObject.Type.STRUCTURE) {
            throw new PushMappingException("the notification body is a " + body.getType()
                    + ", the push object list expects a structure of " + list.size());
        }
        final List<DataObject> elements = body.getValue();
        if (elements.size() != list.size()) {
            throw new PushMappingException("the notification body has " + elements.size()
                    + " elements, the push object list " + list.size());
        }
        return elements;
    }

    private static List<PushContent.Row> rows(PushObject profile, DataObject buffer) {
        if (buffer.getType() != DataObject.Type.ARRAY) {
            throw new IllegalArgumentException("a profile buffer is an array, got " + buffer.getType());
        }
        final List<PushContent.Row> rows = new ArrayList<>();
        final List<DataObject> entries = buffer.getValue();
        for (DataObject entry : entries) {
            final List<DataObject> cells = entry.getValue();
            if (entry.getType() != DataObject.Type.STRUCTURE || cells.size() != profile.columns().size()) {
                throw new IllegalArgumentException("a row has " + (entry.getType() == DataObject.Type.STRUCTURE
                        ? cells.size() + " columns" : "type " + entry.getType()) + ", the profile "
                        + profile.columns().size());
            }
            Long capturedAt = null;
            Integer status = null;
            final List<MeterValue> values = new ArrayList<>();
            for (int c = 0; c < cells.size(); c++) {
                final PushObject column = profile.columns().get(c);
                switch (column.kind()) {
                    case CLOCK -> capturedAt = CosemValues.epochMillis(cells.get(c));
                    case STATUS -> status = (int) integer(cells.get(c));
                    default -> values.add(register(column, cells.get(c)));
                }
            }
            rows.add(new PushContent.Row(capturedAt, values, status));
        }
        return rows;
    }

    /**
     * A push setup in the list is the push telling which of the meter's push setups sent it: its logical name
     * (attribute 1, as IDIS and Gurux put it first), or its push object list (attribute 2, Gurux's self-describing
     * push). A logical name other than the listed one is another push of the meter, whose body this list does not
     * describe.
     */
    private static void checkPushSetup(PushObject object, DataObject value) {
        if (value.getType() == DataObject.Type.ARRAY) {
            return;
        }
        if (value.getType() != DataObject.Type.OCTET_STRING || value.<byte[]>getValue().length != 6) {
            throw new IllegalArgumentException("expected the push setup's logical name (octet string of 6) or its "
                    + "push object list (array), got " + value.getType());
        }
        final String sent = CosemValues.dotted(value.getValue());
        if (!sent.equals(object.obis())) {
            throw new IllegalArgumentException("the push comes from push setup " + sent + ", the push object list "
                    + "describes " + object.obis());
        }
    }

    private static MeterValue register(PushObject object, DataObject value) {
        return new MeterValue(object.obis(), CosemValues.scaled(value, object.scaler()), object.unit());
    }

    private static long integer(DataObject value) {
        if (value.getType() == DataObject.Type.BIT_STRING) {
            final byte[] bits = value.<org.openmuc.jdlms.datatypes.BitString>getValue().getBitString();
            long raw = 0;
            for (byte b : bits) {
                raw = raw << 8 | (b & 0xff);
            }
            return raw;
        }
        if (!value.isNumber()) {
            throw new IllegalArgumentException("expected an integer, got " + value.getType());
        }
        return value.<Number>getValue().longValue();
    }

    private static String text(DataObject value) {
        if (value.getType() == DataObject.Type.OCTET_STRING || value.getType() == DataObject.Type.VISIBLE_STRING
                || value.getType() == DataObject.Type.UTF8_STRING) {
            final Object raw = value.getValue();
            return raw instanceof byte[] bytes ? new String(bytes, StandardCharsets.US_ASCII).trim() : raw.toString();
        }
        throw new IllegalArgumentException("expected an octet or visible string, got " + value.getType());
    }
}
