package io.meterflow.simulator.dlms.push;

import java.util.List;

/**
 * One push as the meter built it: its capture time (the clock element, meter time), register values, profile rows
 * and alarm bits. A retry sends the same push again.
 */
public record Push(String meterId, long capturedAt, long importWh, long exportWh, List<Row> rows, long alarmBits) {

    public Push {
        rows = List.copyOf(rows);
    }

    /** A load-profile row: capture time (meter time) and the import register then, in Wh. */
    public record Row(long capturedAt, long importWh) {
    }
}
