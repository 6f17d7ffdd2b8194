package io.meterflow.connect.dlms.push.mapping;

import io.meterflow.schema.MeterValue;

import java.util.List;

/**
 * What one notification body says, mapped through the push object list.
 *
 * @param logicalDeviceName the logical device name element as text, null when the list has none
 * @param clock             the clock element (meter time, epoch ms), null when the list has none
 * @param registers         register values, scaled
 * @param rows              profile buffer rows
 * @param events            non-zero alarm registers and event codes
 */
public record PushContent(String logicalDeviceName, Long clock, List<MeterValue> registers, List<Row> rows,
                          List<Event> events) {

    public PushContent {
        registers = List.copyOf(registers);
        rows = List.copyOf(rows);
        events = List.copyOf(events);
    }

    /** One profile row: its capture time (clock column), values and status column (null without one). */
    public record Row(long capturedAt, List<MeterValue> values, Integer status) {
        public Row {
            values = List.copyOf(values);
        }
    }

    /** One alarm register or event code with a non-zero value, and the names of its standard bits or code. */
    public record Event(String obis, long value, List<String> flags) {
        public Event {
            flags = List.copyOf(flags);
        }
    }
}
