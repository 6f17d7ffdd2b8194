package io.meterflow.connect.dlms.poll;

import io.meterflow.connect.dlms.backfill.Backfill;
import io.meterflow.connect.dlms.backfill.BackfillJob;
import io.meterflow.connect.dlms.backfill.RangeVerdict;
import io.meterflow.connect.dlms.clock.IntervalQuality;
import io.meterflow.schema.BackfillResult;
import io.meterflow.schema.Provenance;
import org.openmuc.jdlms.DlmsConnection;

import java.io.IOException;
import java.time.Instant;
import java.util.Map;

/**
 * One meter's backfill requests, served inside its poll cycles after the regular profile read, over the cycle's
 * association, at most {@link Backfill#maxRowsPerCycle()} capture periods per cycle. Each request's range is read
 * with the range selector exactly as asked; once all of it was read, the outcome follows its rows.
 */
final class MeterBackfill {

    private final String meterId;
    private final Backfill backfill;
    private final LoadProfileReader profile;
    private final RecordSink sink;
    private BackfillJob current;

    MeterBackfill(String meterId, Backfill backfill, LoadProfileReader profile, RecordSink sink) {
        this.meterId = meterId;
        this.backfill = backfill;
        this.profile = profile;
        this.sink = sink;
    }

    /**
     * Serves waiting requests over an open association. A failure of the association is thrown after the request it
     * hit was answered FAILED; the caller drops the association, the other requests wait for the next cycle.
     */
    void serve(DlmsConnection connection, long meterNow, Map<String, ScalerUnit> scalers, IntervalQuality quality)
            throws InterruptedException, IOException {
        long budget = backfill.maxRowsPerCycle();
        while (budget > 0 && (current != null || (current = backfill.next(meterId)) != null)) {
            try {
                budget -= step(connection, meterNow, scalers, quality, budget);
            } catch (IOException | RuntimeException e) {
                finish(BackfillResult.FAILED, null, FailureClassifier.describe(e));
                throw e;
            }
        }
    }

    /** Reads the next chunk of the current request (or finishes it); returns the capture periods it cost. */
    private long step(DlmsConnection connection, long meterNow, Map<String, ScalerUnit> scalers,
                      IntervalQuality quality, long budget) throws IOException, InterruptedException {
        if (current.request().to() > meterNow) {
            finish(BackfillResult.FAILED, null, "the range ends at " + Instant.ofEpochMilli(current.request().to())
                    + ", after the meter's clock (" + Instant.ofEpochMilli(meterNow) + "): ask again later");
            return 0;
        }
        final long periodMs = profile.capturePeriodMs(connection, scalers);
        final BackfillJob job = current;
        final BackfillJob.Chunk chunk = job.nextChunk(periodMs, (int) Math.min(Integer.MAX_VALUE, budget));
        final int rows = profile.readRange(connection, chunk.from(), chunk.to(), scalers, Provenance.BACKFILL,
                quality, interval -> sink.put(backfill.row(job, interval)));
        job.chunkRead(chunk, rows);
        backfill.rangeRead(rows);
        if (job.complete()) {
            judge(connection, scalers, periodMs);
        }
        return Math.max(1, chunk.captures());
    }

    private void judge(DlmsConnection connection, Map<String, ScalerUnit> scalers, long periodMs)
            throws IOException, InterruptedException {
        final long from = current.request().from();
        if (RangeVerdict.complete(from, current.request().to(), periodMs, current.rowsRead())) {
            finish(BackfillResult.READ, null, null);
            return;
        }
        final RangeVerdict.Verdict verdict = RangeVerdict.incomplete(from, profile.bufferExtent(connection, scalers));
        finish(verdict.result(), verdict.bufferStart(), verdict.error());
    }

    /** The cycle failed before an association was usable: every request waiting for this meter is FAILED. */
    void failAll(String error) throws InterruptedException {
        if (current == null) {
            current = backfill.next(meterId);
        }
        while (current != null) {
            finish(BackfillResult.FAILED, null, error);
            current = backfill.next(meterId);
        }
    }

    private void finish(BackfillResult result, Long bufferStart, String error) throws InterruptedException {
        sink.put(backfill.outcome(current, result, bufferStart, error));
        current = null;
    }
}
