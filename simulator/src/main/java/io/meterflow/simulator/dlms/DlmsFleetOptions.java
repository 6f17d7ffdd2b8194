package io.meterflow.simulator.dlms;

import io.meterflow.simulator.journal.ServedJournal;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Fleet-wide settings of the simulated DLMS meters.
 *
 * @param host               address every meter listens on (each on its own free port)
 * @param capturePeriod      load-profile capture period (15 minutes on real meters; shorter in tests)
 * @param profileHistoryRows how many rows the load profile holds back from the meter's current time
 * @param clock              true time in epoch ms (the system clock outside tests)
 * @param journal            where the meters record the energy readings and profile rows they serve
 */
public record DlmsFleetOptions(String host, Duration capturePeriod, int profileHistoryRows, LongSupplier clock,
                               ServedJournal journal) {

    public static final DlmsFleetOptions DEFAULTS = new DlmsFleetOptions("127.0.0.1", Duration.ofMinutes(15), 96,
            System::currentTimeMillis, ServedJournal.NONE);

    public DlmsFleetOptions {
        if (capturePeriod.toMillis() < 1_000 || capturePeriod.toMillis() % 1_000 != 0) {
            throw new IllegalArgumentException("capturePeriod must be whole seconds, at least 1 s: " + capturePeriod);
        }
        if (profileHistoryRows < 1) {
            throw new IllegalArgumentException("profileHistoryRows must be at least 1");
        }
    }

    public DlmsFleetOptions withHost(String newHost) {
        return new DlmsFleetOptions(newHost, capturePeriod, profileHistoryRows, clock, journal);
    }

    public DlmsFleetOptions withCapturePeriod(Duration period) {
        return new DlmsFleetOptions(host, period, profileHistoryRows, clock, journal);
    }

    public DlmsFleetOptions withProfileHistoryRows(int rows) {
        return new DlmsFleetOptions(host, capturePeriod, rows, clock, journal);
    }

    public DlmsFleetOptions withJournal(ServedJournal newJournal) {
        return new DlmsFleetOptions(host, capturePeriod, profileHistoryRows, clock, newJournal);
    }
}
