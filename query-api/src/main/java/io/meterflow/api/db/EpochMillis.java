package io.meterflow.api.db;

import java.time.OffsetDateTime;

/**
 * Epoch milliseconds of a timestamptz exactly as the SQL function {@code meterflow_epoch_ms} computes them
 * ({@code (extract(epoch FROM t) * 1000)::bigint}): the microseconds PostgreSQL stores, rounded half away from zero,
 * as PostgreSQL rounds numeric to bigint. Times written by the sink are whole milliseconds and come back unchanged.
 */
public final class EpochMillis {

    private EpochMillis() {
    }

    public static long of(OffsetDateTime time) {
        final long micros = Math.addExact(Math.multiplyExact(time.toEpochSecond(), 1_000_000L), time.getNano() / 1_000);
        return micros >= 0 ? (micros + 500) / 1_000 : -((-micros + 500) / 1_000);
    }
}
