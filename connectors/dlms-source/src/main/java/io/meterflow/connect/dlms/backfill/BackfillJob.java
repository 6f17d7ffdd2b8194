package io.meterflow.connect.dlms.backfill;

import io.meterflow.schema.BackfillRequest;

/**
 * One request being served: its range is read in chunks of at most the rows a cycle may re-read, from the start
 * on; the outcome is written once the whole range was read (or the meter failed).
 */
public final class BackfillJob {

    private final PendingRequest pending;
    private long nextFrom;
    private int rowsRead;

    BackfillJob(PendingRequest pending) {
        this.pending = pending;
        this.nextFrom = pending.request().from();
    }

    public BackfillRequest request() {
        return pending.request();
    }

    PendingRequest pending() {
        return pending;
    }

    /**
     * The next part of the range to read: from where the last chunk ended, at most {@code maxPeriods} capture
     * periods long, never past the range's end (both bounds inclusive, meter time).
     */
    public Chunk nextChunk(long periodMs, int maxPeriods) {
        final long to = Math.min(pending.request().to(), nextFrom + maxPeriods * periodMs - 1);
        return new Chunk(nextFrom, to, RangeVerdict.captures(nextFrom, to, periodMs));
    }

    public void chunkRead(Chunk chunk, int rows) {
        nextFrom = chunk.to() + 1;
        rowsRead += rows;
    }

    public boolean complete() {
        return nextFrom > pending.request().to();
    }

    public int rowsRead() {
        return rowsRead;
    }

    /** @param captures capture boundaries the chunk spans (what it costs of a cycle's budget) */
    public record Chunk(long from, long to, long captures) {
    }
}
