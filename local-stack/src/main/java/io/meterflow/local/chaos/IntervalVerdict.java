package io.meterflow.local.chaos;

import java.util.List;

/**
 * What the {@link IntervalCheck} found.
 *
 * @param checked       records of meter-completeness, meter-backfill-requests, -outcomes and meter-intervals-validated
 * @param missed        capture times that were missing (in a gap) up to the cut-off, each counted once
 * @param recovered     of them, ending RECOVERED
 * @param estimated     ending ESTIMATED
 * @param unrecoverable ending UNRECOVERABLE
 * @param open          still MISSING or REQUESTED at the end
 * @param unanswered    requests made up to the cut-off without an outcome of their attempt
 * @param lost          intervals left open or given up although their rows could be read, requests never answered,
 *                      validated versions missing
 * @param duplicated    ledger states, requests or validated versions written again, rows read again with other values
 * @param facts         one line per topic: what was checked
 * @param details       examples of each failure
 */
record IntervalVerdict(long checked, long missed, long recovered, long estimated, long unrecoverable, long open,
                       long unanswered, long lost, long duplicated, List<String> facts, List<String> details) {

    /** The backfill loop finished for everything up to the cut-off: nothing open, every request answered. */
    boolean atRest() {
        return open == 0 && unanswered == 0;
    }

    /** The part of the suite's last line about the interval data. */
    String summary() {
        return String.format("intervals missed %d: recovered %d, estimated %d, unrecoverable %d, still open %d",
                missed, recovered, estimated, unrecoverable, open);
    }
}
