package io.meterflow.streams.support;

import io.meterflow.schema.MeterValue;
import io.meterflow.schema.Reading;
import io.meterflow.schema.ReadingSource;
import io.meterflow.schema.ReadingStatus;

import java.util.List;

/** Readings for tests. Times are absolute epoch ms; see {@link TopologyFixture#T0}. */
public final class Readings {

    public static final String IMPORT = "1.0.1.8.0.255";
    public static final String EXPORT = "1.0.2.8.0.255";
    public static final String REACTIVE = "1.0.3.8.0.255";

    private Readings() {
    }

    public static Reading energy(String meterId, long collectedAt, double importWh) {
        return Reading.ok(meterId, ReadingSource.DLMS, collectedAt, null, 0, List.of(new MeterValue(IMPORT, importWh, "Wh")));
    }

    public static Reading energyAtMeterTime(String meterId, long collectedAt, long meterTime, double importWh) {
        return Reading.ok(meterId, ReadingSource.DLMS, collectedAt, meterTime, 0, List.of(new MeterValue(IMPORT, importWh, "Wh")));
    }

    public static Reading clock(String meterId, long collectedAt, long latencyMs, long meterTime) {
        return Reading.ok(meterId, ReadingSource.DLMS, collectedAt, meterTime, latencyMs, List.of());
    }

    public static Reading ok(String meterId, ReadingSource source, long collectedAt) {
        return Reading.ok(meterId, source, collectedAt, null, 5, List.of());
    }

    public static Reading failed(String meterId, ReadingSource source, long collectedAt, ReadingStatus status) {
        return Reading.failed(meterId, source, collectedAt, 5, status, status + " in test");
    }

    public static Reading withStatus(String meterId, ReadingSource source, long collectedAt, ReadingStatus status) {
        return status == ReadingStatus.OK ? ok(meterId, source, collectedAt) : failed(meterId, source, collectedAt, status);
    }
}
