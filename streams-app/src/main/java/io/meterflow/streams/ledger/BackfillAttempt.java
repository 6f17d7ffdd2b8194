package io.meterflow.streams.ledger;

/**
 * One range the ledger asked the source to read again, and its retry bookkeeping. Mutable, owned by its
 * {@link MeterLedger}. Times are wall-clock epoch ms: the source reads in real time, whatever the event time.
 *
 * @see io.meterflow.schema.BackfillRequest the published shape
 */
final class BackfillAttempt {

    final String requestId;
    final long from;
    final long to;
    int attempt;
    /** Waiting for the outcome of {@link #attempt} (until {@link #dueAt}); else waiting to ask again at {@link #dueAt}. */
    boolean awaitingOutcome;
    long dueAt;

    BackfillAttempt(String requestId, long from, long to, int attempt, boolean awaitingOutcome, long dueAt) {
        this.requestId = requestId;
        this.from = from;
        this.to = to;
        this.attempt = attempt;
        this.awaitingOutcome = awaitingOutcome;
        this.dueAt = dueAt;
    }
}
