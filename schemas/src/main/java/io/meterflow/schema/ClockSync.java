package io.meterflow.schema;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.util.Objects;

/**
 * A value of {@code meter-clock-sync}: one attempt to set a meter's clock.
 *
 * @param at            when the attempt was made, epoch ms (true time)
 * @param driftBeforeMs meter clock minus true time measured before the attempt
 * @param method        the last method tried
 * @param error         why it was refused or failed, null when OK
 * @param driftAfterMs  drift read back right after the attempt, null when it could not be read
 */
public record ClockSync(String meterId, long at, long driftBeforeMs, ClockSyncMethod method, ClockSyncResult result,
                        String error, Long driftAfterMs) implements MeterRecord {

    public ClockSync {
        Objects.requireNonNull(meterId, "meterId");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(result, "result");
    }

    @Override
    @JsonIgnore
    public long eventTime() {
        return at;
    }
}
