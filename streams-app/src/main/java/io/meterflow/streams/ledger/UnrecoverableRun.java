package io.meterflow.streams.ledger;

/**
 * Consecutive capture times no row will come for, between two real rows: what estimation fills.
 *
 * @param from first missing capture time, inclusive
 * @param to   last missing capture time, inclusive
 */
public record UnrecoverableRun(long from, long to, long periodMs) {

    /** The real row before the run. */
    public long before() {
        return from - periodMs;
    }

    /** The real row after the run. */
    public long after() {
        return to + periodMs;
    }
}
