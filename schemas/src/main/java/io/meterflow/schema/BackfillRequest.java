package io.meterflow.schema;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.util.Objects;

/**
 * A value of {@code meter-backfill-requests}: read exactly this range of a meter's load profile again.
 *
 * <p>{@code from} and {@code to} are capture times as they appear in {@code meter-intervals} (the profile's clock
 * column), both inclusive: the first and the last missing row. A DLMS reader uses them as the bounds of a
 * range-selective read of the profile buffer. Every attempt of one range carries the same {@code requestId}.
 *
 * @param requestId            stable id of the range, the same for every attempt ({@code meterId/from/to})
 * @param capturePeriodSeconds the profile's capture period the ledger expects rows at
 * @param attempt              1 for the first request of the range, then one more per retry
 * @param requestedAt          when the ledger asked, epoch ms (record timestamp)
 */
public record BackfillRequest(String meterId, String requestId, long from, long to, int capturePeriodSeconds,
                              BackfillReason reason, int attempt, long requestedAt) implements MeterRecord {

    public BackfillRequest {
        Objects.requireNonNull(meterId, "meterId");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(reason, "reason");
        if (to < from) {
            throw new IllegalArgumentException("backfill range ends before it starts: " + from + ".." + to);
        }
        if (capturePeriodSeconds <= 0 || attempt < 1) {
            throw new IllegalArgumentException("capturePeriodSeconds and attempt must be positive");
        }
    }

    /** The id every attempt of this meter's range carries. */
    public static String requestIdOf(String meterId, long from, long to) {
        return meterId + "/" + from + "/" + to;
    }

    @Override
    @JsonIgnore
    public long eventTime() {
        return requestedAt;
    }
}
