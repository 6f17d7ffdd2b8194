package io.meterflow.simulator.scenario;

import java.time.Duration;

/**
 * How a DLMS meter's load profile buffer loses rows, the ways real meters do. Every field may be left out.
 *
 * @param entries        profile_entries: the ring buffer keeps the rows of this many newest capture periods (older
 *                       ones are overwritten); null keeps the fleet's --profile-history-rows
 * @param lateRows       rows the meter writes late, so an incremental read passes them by and a re-read finds them
 * @param exchangedAfter the meter is exchanged this long after the simulator's start: from then on its buffer holds
 *                       no row captured before (combine with counterResetAfter for registers that restart at zero)
 */
public record ProfileBuffer(Integer entries, LateRows lateRows, Duration exchangedAfter) {

    public static final ProfileBuffer DEFAULT = new ProfileBuffer(null, null, null);

    /**
     * Every {@code every}-th capture (by capture time: capture / period divisible by it) enters the buffer only
     * {@code delay} after it was due (a "late capture").
     */
    public record LateRows(int every, Duration delay) {
    }
}
