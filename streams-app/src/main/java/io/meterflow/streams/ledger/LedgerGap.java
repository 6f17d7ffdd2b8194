package io.meterflow.streams.ledger;

import io.meterflow.schema.Gap;
import io.meterflow.schema.GapState;

/**
 * A range of a meter's missing rows inside one UTC day, and where it stands. Mutable, owned by its {@link MeterLedger}.
 *
 * @see Gap the published shape
 */
final class LedgerGap {

    long from;
    long to;
    GapState state;
    int attempts;
    long since;
    /** The request that asks for (a range holding) this one, while REQUESTED; kept afterwards for the record. */
    String requestId;

    LedgerGap(long from, long to, GapState state, int attempts, long since, String requestId) {
        this.from = from;
        this.to = to;
        this.state = state;
        this.attempts = attempts;
        this.since = since;
        this.requestId = requestId;
    }

    int intervals(long periodMs) {
        return (int) ((to - from) / periodMs + 1);
    }

    boolean contains(long captureTime) {
        return captureTime >= from && captureTime <= to;
    }

    /** Rows still to come: MISSING, REQUESTED or UNRECOVERABLE (an estimate fills, a recovered one is done). */
    boolean lacking() {
        return state == GapState.MISSING || state == GapState.REQUESTED || state == GapState.UNRECOVERABLE;
    }

    boolean open() {
        return state == GapState.MISSING || state == GapState.REQUESTED;
    }

    LedgerGap copy(long newFrom, long newTo) {
        return new LedgerGap(newFrom, newTo, state, attempts, since, requestId);
    }

    Gap published(long periodMs) {
        return new Gap(from, to, intervals(periodMs), state, attempts, since);
    }
}
