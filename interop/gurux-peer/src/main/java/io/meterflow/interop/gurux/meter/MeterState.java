package io.meterflow.interop.gurux.meter;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the meter keeps across connections, as a real meter keeps it in non-volatile memory: the last invocation
 * counter accepted from each client, its own transmit counter, and which load-profile rows it has captured. Every
 * connection has its own Gurux server instance (Gurux keeps one conversation per instance); they all share this.
 */
final class MeterState {

    private final Map<Integer, Long> lastAccepted = new HashMap<>();
    private final int capturePeriodS;
    private final int profileEntries;
    private long transmitCounter;
    /** Index (capture time / period) of the newest row announced on stdout. */
    private long newestAnnounced;

    MeterState(MeterOptions options, long startMs) {
        this.capturePeriodS = options.capturePeriodS();
        this.profileEntries = options.profileEntries();
        if (options.initialCounter() > 0) {
            lastAccepted.put(options.client(), options.initialCounter());
        }
        newestAnnounced = startMs / 1_000 / capturePeriodS - options.history() - 1;
    }

    synchronized long lastAccepted(int client) {
        return lastAccepted.getOrDefault(client, 0L);
    }

    /** Records an accepted counter; false if it is not above the last one (another connection was faster). */
    synchronized boolean accept(int client, long counter) {
        if (counter <= lastAccepted(client)) {
            return false;
        }
        lastAccepted.put(client, counter);
        return true;
    }

    synchronized long transmitCounter() {
        return transmitCounter;
    }

    synchronized void transmitCounter(long used) {
        transmitCounter = Math.max(transmitCounter, used);
    }

    /**
     * The rows the profile holds at {@code nowMs}, oldest first (at most the ring buffer's entries); rows captured
     * since the last call are printed, so a test knows exactly what the meter holds.
     */
    synchronized List<ProfileRow> rows(long nowMs) {
        final long newest = nowMs / 1_000 / capturePeriodS;
        while (newestAnnounced < newest) {
            newestAnnounced++;
            MeterOutput.line(row(newestAnnounced).describe());
        }
        final List<ProfileRow> rows = new ArrayList<>();
        for (long n = Math.max(newest - profileEntries + 1, 0); n <= newest; n++) {
            rows.add(row(n));
        }
        return rows;
    }

    private ProfileRow row(long index) {
        return new ProfileRow(index * capturePeriodS * 1_000L, index % 5 == 0 ? 0x08 : 0x00,
                5_000_000L + index % 1_000_000 * 13);
    }

    /**
     * @param capturedAt epoch ms of the capture
     * @param status     AMR profile status (bit 3: clock adjusted, here every fifth row)
     * @param energy     raw value of the energy register captured (scaler as the register's)
     */
    record ProfileRow(long capturedAt, int status, long energy) {
        String describe() {
            return "row at=" + capturedAt + " status=" + status + " energy=" + energy;
        }
    }
}
