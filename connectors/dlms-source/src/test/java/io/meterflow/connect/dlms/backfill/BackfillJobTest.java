package io.meterflow.connect.dlms.backfill;

import io.meterflow.schema.BackfillReason;
import io.meterflow.schema.BackfillRequest;
import io.meterflow.schema.BackfillResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BackfillJobTest {

    private static final long MINUTE = 60_000;
    private static final long T0 = 1_800_000_000_000L - 1_800_000_000_000L % (15 * MINUTE);

    private static BackfillJob job(long from, long to) {
        final BackfillRequest request = new BackfillRequest("m1", BackfillRequest.requestIdOf("m1", from, to), from, to,
                60, BackfillReason.GAP, 1, T0);
        return new BackfillJob(new PendingRequest(request, "r-0", 0));
    }

    @Test
    void aRangeWithinTheBudgetIsReadInOneChunkExactlyAsAsked() {
        final BackfillJob job = job(T0, T0 + 9 * MINUTE);
        final BackfillJob.Chunk chunk = job.nextChunk(MINUTE, 96);
        assertThat(chunk).isEqualTo(new BackfillJob.Chunk(T0, T0 + 9 * MINUTE, 10));
        job.chunkRead(chunk, 10);
        assertThat(job.complete()).isTrue();
        assertThat(job.rowsRead()).isEqualTo(10);
    }

    @Test
    void aLongRangeIsSplitIntoChunksOfTheBudgetThatMeetWithoutOverlapOrHole() {
        final BackfillJob job = job(T0, T0 + 9 * MINUTE);
        final BackfillJob.Chunk first = job.nextChunk(MINUTE, 4);
        assertThat(first).isEqualTo(new BackfillJob.Chunk(T0, T0 + 4 * MINUTE - 1, 4));
        job.chunkRead(first, 4);
        final BackfillJob.Chunk second = job.nextChunk(MINUTE, 4);
        assertThat(second.from()).isEqualTo(T0 + 4 * MINUTE);
        job.chunkRead(second, 3);
        final BackfillJob.Chunk last = job.nextChunk(MINUTE, 4);
        assertThat(last).isEqualTo(new BackfillJob.Chunk(T0 + 8 * MINUTE, T0 + 9 * MINUTE, 2));
        assertThat(job.complete()).isFalse();
        job.chunkRead(last, 2);
        assertThat(job.complete()).isTrue();
        assertThat(job.rowsRead()).isEqualTo(9);
    }

    @Test
    void capturesCountTheBoundariesInsideBothInclusiveBounds() {
        assertThat(RangeVerdict.captures(T0, T0, MINUTE)).isOne();
        assertThat(RangeVerdict.captures(T0 + 1, T0 + MINUTE - 1, MINUTE)).isZero();
        assertThat(RangeVerdict.captures(T0 - 1, T0 + MINUTE, MINUTE)).isEqualTo(2);
        assertThat(RangeVerdict.captures(T0 + 5, T0, MINUTE)).isZero();
    }

    @Test
    void aRangeWithARowForEveryBoundaryIsReadWithoutAskingTheBuffer() {
        assertThat(RangeVerdict.complete(T0, T0 + 3 * MINUTE, MINUTE, 4)).isTrue();
        assertThat(RangeVerdict.complete(T0, T0 + 3 * MINUTE, MINUTE, 3)).isFalse();
    }

    @Test
    void rowsMissingInsideABufferThatReachesBackToTheRangeAreNeverCapturedSoTheRangeIsRead() {
        final RangeVerdict.Verdict verdict = RangeVerdict.incomplete(T0, new BufferExtent(96, T0 - MINUTE));
        assertThat(verdict).isEqualTo(new RangeVerdict.Verdict(BackfillResult.READ, T0 - MINUTE, null));
    }

    @Test
    void aBufferStartingAfterTheRangeStartMakesItUnrecoverableNamingWhereTheBufferStarts() {
        final RangeVerdict.Verdict verdict = RangeVerdict.incomplete(T0, new BufferExtent(4, T0 + 5 * MINUTE));
        assertThat(verdict.result()).isEqualTo(BackfillResult.UNRECOVERABLE);
        assertThat(verdict.bufferStart()).isEqualTo(T0 + 5 * MINUTE);
        assertThat(verdict.error()).contains("4 entries in use", java.time.Instant.ofEpochMilli(T0 + 5 * MINUTE)
                .toString());
    }

    @Test
    void anEmptyBufferMakesTheRangeUnrecoverableWithoutABufferStart() {
        final RangeVerdict.Verdict verdict = RangeVerdict.incomplete(T0, new BufferExtent(0, null));
        assertThat(verdict.result()).isEqualTo(BackfillResult.UNRECOVERABLE);
        assertThat(verdict.bufferStart()).isNull();
        assertThat(verdict.error()).contains("holds no rows");
    }
}
