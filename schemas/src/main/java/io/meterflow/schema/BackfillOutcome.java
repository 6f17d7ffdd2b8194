package io.meterflow.schema;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.util.Objects;

/**
 * A value of {@code meter-backfill-outcomes}: what the source did with one {@link BackfillRequest} attempt.
 *
 * <p>The rows a re-read found are written to {@code meter-intervals} (provenance BACKFILL) before the outcome, so a
 * consumer that sees the outcome has been offered the rows; the ledger still counts a range recovered by the rows
 * themselves, never by the outcome alone.
 *
 * @param rowsRead    rows of the range the meter returned (and the source wrote)
 * @param bufferStart capture time of the oldest row the meter still holds, when the source learned it, else null
 * @param at          when the attempt ended, epoch ms (record timestamp)
 * @param error       why the attempt failed or why the range is unrecoverable; null when READ
 */
public record BackfillOutcome(String meterId, String requestId, long from, long to, int attempt,
                              BackfillResult result, int rowsRead, Long bufferStart, long at, String error)
        implements MeterRecord {

    public BackfillOutcome {
        Objects.requireNonNull(meterId, "meterId");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(result, "result");
        if (result != BackfillResult.READ && (error == null || error.isBlank())) {
            throw new IllegalArgumentException(result + " outcome of " + requestId + " needs an error text");
        }
    }

    /** The outcome of {@code request} answered at {@code at}. */
    public static BackfillOutcome of(BackfillRequest request, BackfillResult result, int rowsRead, Long bufferStart,
                                     long at, String error) {
        return new BackfillOutcome(request.meterId(), request.requestId(), request.from(), request.to(),
                request.attempt(), result, rowsRead, bufferStart, at, error);
    }

    @Override
    @JsonIgnore
    public long eventTime() {
        return at;
    }
}
