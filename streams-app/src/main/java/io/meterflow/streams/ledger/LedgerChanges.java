package io.meterflow.streams.ledger;

import io.meterflow.schema.BackfillRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** What one step of a {@link MeterLedger} changed: the days to publish, the requests to send, the runs to estimate. */
public final class LedgerChanges {

    private final TreeSet<Long> days = new TreeSet<>();
    private final List<BackfillRequest> requests = new ArrayList<>();
    private final List<UnrecoverableRun> unrecoverable = new ArrayList<>();
    private boolean stateChanged;

    /** Something to store changed that nobody sees yet (a retry timer). */
    void stateChanged() {
        stateChanged = true;
    }

    void day(long dayStart) {
        days.add(dayStart);
    }

    void request(BackfillRequest request) {
        requests.add(request);
    }

    void unrecoverable(UnrecoverableRun run) {
        if (!unrecoverable.contains(run)) {
            unrecoverable.add(run);
        }
    }

    /** Start (epoch ms) of every UTC day whose completeness changed, ascending. */
    public TreeSet<Long> days() {
        return days;
    }

    public List<BackfillRequest> requests() {
        return requests;
    }

    /** Unrecoverable runs with real rows at both ends, short enough to estimate (the caller checks the rows). */
    public List<UnrecoverableRun> estimable() {
        return unrecoverable;
    }

    /** Whether the ledger must be stored: anything published or scheduled changed. */
    public boolean changed() {
        return stateChanged || !days.isEmpty() || !requests.isEmpty() || !unrecoverable.isEmpty();
    }
}
