package io.meterflow.connect.dlms.backfill;

import io.meterflow.schema.BackfillResult;

import java.time.Instant;

/**
 * What a complete re-read of a range means. READ when the meter returned a row for every capture boundary of the
 * range, or when its buffer still reaches back to the range's start (then the rows it lacks were never captured,
 * e.g. during a power outage, and asking again would not bring them); UNRECOVERABLE when the buffer starts after the
 * range's start (rows overwritten by the ring buffer, or from before a meter exchange) or holds nothing.
 */
public final class RangeVerdict {

    private RangeVerdict() {
    }

    /** Capture boundaries (multiples of the period) within {@code [from, to]}, both inclusive. */
    public static long captures(long from, long to, long periodMs) {
        if (to < from) {
            return 0;
        }
        return Math.floorDiv(to, periodMs) - Math.floorDiv(from + periodMs - 1, periodMs) + 1;
    }

    /** Whether the rows read already cover every capture boundary of the range (no buffer check needed). */
    public static boolean complete(long from, long to, long periodMs, int rowsRead) {
        return rowsRead >= captures(from, to, periodMs);
    }

    /** The verdict for a range read without a row for every capture boundary, from what the buffer holds now. */
    public static Verdict incomplete(long from, BufferExtent buffer) {
        if (buffer.firstCapture() == null) {
            return new Verdict(BackfillResult.UNRECOVERABLE, null, "the meter's load profile buffer holds no rows");
        }
        final long start = buffer.firstCapture();
        if (start <= from) {
            return new Verdict(BackfillResult.READ, start, null);
        }
        return new Verdict(BackfillResult.UNRECOVERABLE, start, "the meter's load profile buffer starts at "
                + Instant.ofEpochMilli(start) + " (" + buffer.entriesInUse() + " entries in use), after the range start "
                + Instant.ofEpochMilli(from) + ": older rows were overwritten or predate a meter exchange");
    }

    public record Verdict(BackfillResult result, Long bufferStart, String error) {
    }
}
