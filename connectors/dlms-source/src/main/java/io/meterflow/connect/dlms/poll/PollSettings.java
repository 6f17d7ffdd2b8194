package io.meterflow.connect.dlms.poll;

import io.meterflow.connect.dlms.config.ClockSettings;
import io.meterflow.connect.dlms.config.DlmsSourceConfig;

import java.time.Duration;
import java.util.List;

/** The polling settings every meter of a task shares, read once from the typed config. */
record PollSettings(Duration pollInterval, List<String> registers, Duration backoffMax, boolean keepOpen,
                    boolean profileEnabled, String profileObis, Duration profileReadInterval,
                    Duration profileLookback, int profileMaxRows, long invocationCounterJump,
                    ClockSettings.Values clock) {

    static PollSettings from(DlmsSourceConfig config) {
        return new PollSettings(config.pollInterval(), List.copyOf(config.registers()), config.backoffMax(),
                config.keepAssociationOpen(), config.profileEnabled(), config.profileObis(),
                config.profileReadInterval(), config.profileLookback(), config.profileMaxRows(),
                config.invocationCounterJump(), config.clock());
    }
}
