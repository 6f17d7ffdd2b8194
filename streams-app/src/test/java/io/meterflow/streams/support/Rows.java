package io.meterflow.streams.support;

import io.meterflow.schema.Completeness;
import io.meterflow.schema.Interval;
import io.meterflow.schema.IntervalFlag;
import io.meterflow.schema.MeterValue;
import io.meterflow.schema.Provenance;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Load-profile rows for tests (15-minute profile of the import register), and reading back the ledger. */
public final class Rows {

    public static final int PERIOD_SECONDS = 900;
    public static final long PERIOD = PERIOD_SECONDS * 1000L;

    private Rows() {
    }

    /** The row captured {@code index} periods after {@link TopologyFixture#T0}, with its import register. */
    public static Interval row(String meterId, int index, double importWh) {
        return row(meterId, index, importWh, Provenance.POLL, List.of());
    }

    public static Interval row(String meterId, int index, double importWh, Provenance provenance, List<IntervalFlag> flags) {
        return new Interval(meterId, at(index), List.of(new MeterValue(Readings.IMPORT, importWh, "Wh")),
                IntervalFlag.encode(flags), flags, 0L, provenance, PERIOD_SECONDS);
    }

    public static long at(int index) {
        return TopologyFixture.T0 + index * PERIOD;
    }

    /** The latest ledger of each (meter, day) among {@code written}, in the order first written. */
    public static Map<String, Completeness> latest(List<Completeness> written) {
        final Map<String, Completeness> latest = new LinkedHashMap<>();
        written.forEach(c -> latest.put(c.meterId() + "/" + c.day(), c));
        return latest;
    }
}
