package io.meterflow.streams.it;

import io.meterflow.schema.MeterValue;
import io.meterflow.schema.Reading;
import io.meterflow.schema.ReadingSource;
import io.meterflow.schema.ReadingStatus;

import java.util.ArrayList;
import java.util.List;

/**
 * A deterministic fleet, in event-time order, with every kind of trouble the alert rules look for: meters failing
 * whole windows, meters hovering around 5 % errors, clocks that flip across the drift threshold or run away,
 * counter resets, gaps in publication, and repeated readings.
 */
final class FleetInput {

    static final String IMPORT = "1.0.1.8.0.255";
    static final String EXPORT = "1.0.2.8.0.255";
    private static final long MIN = 60_000;

    private FleetInput() {
    }

    static List<Reading> readings(long start, int meters, int minutes) {
        final List<Reading> out = new ArrayList<>();
        final double[] imported = new double[meters];
        for (int k = 0; k < minutes; k++) {
            for (int i = 0; i < meters; i++) {
                if (i % 5 == 2 && (k / 5) % 8 == 3 && k % 5 != 0) {
                    continue;
                }
                final String meterId = "meter-" + i;
                final long collectedAt = start + k * MIN + i * 100L;
                imported[i] = i % 7 == 3 && k % 120 == 60 ? 3 : imported[i] + (i + 1) * 10;
                final Reading reading = failing(i, k)
                        ? Reading.failed(meterId, ReadingSource.DLMS, collectedAt, 2_000, ReadingStatus.TIMEOUT, "no answer")
                        : Reading.ok(meterId, ReadingSource.DLMS, collectedAt, collectedAt - 10 + driftMs(i, k), 20,
                        List.of(new MeterValue(IMPORT, imported[i], "Wh"), new MeterValue(EXPORT, k * 2.0, "Wh")));
                out.add(reading);
                if (i % 11 == 5 && k % 17 == 0) {
                    out.add(reading);
                }
            }
        }
        return out;
    }

    private static boolean failing(int meter, int minute) {
        return switch (meter % 4) {
            case 0 -> (minute / 5) % 6 == 0;
            case 1 -> Math.floorMod((meter * 31 + minute) * 2654435761L, 100) < 4;
            default -> false;
        };
    }

    private static long driftMs(int meter, int minute) {
        return switch (meter % 3) {
            case 0 -> (minute / 30) % 2 == 0 ? 15_000 : 2_000;
            case 1 -> minute * 200L;
            default -> 1_000;
        };
    }
}
