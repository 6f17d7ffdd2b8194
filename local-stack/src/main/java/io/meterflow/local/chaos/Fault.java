package io.meterflow.local.chaos;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One fault of the suite. {@link #inject()} does it and undoes it the way operations would (restart what died, bring
 * the database back) and returns the moment from which recovery is measured: the kill for a crash (the restart is
 * part of the recovery), the end of the outage for the database.
 */
interface Fault {

    String name();

    Instant inject();

    /** The loss this fault may cause that the verifier reports apart, or none. */
    default FaultWindow.Cause excusedLoss() {
        return null;
    }

    /** Whether the fault must fall while the completeness ledger waits for re-reads (a streams-app or worker kill). */
    default boolean midBackfill() {
        return false;
    }

    /** How long the kill waited for the ledger to wait for a re-read. */
    default Duration backfillWait() {
        return Duration.ZERO;
    }

    /** The ranges the completeness ledger had requested just before the kill, once injected. */
    default List<IntervalCheck.Requested> requestedAtKill() {
        return List.of();
    }
}
