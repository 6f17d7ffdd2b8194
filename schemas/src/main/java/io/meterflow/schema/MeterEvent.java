package io.meterflow.schema;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.util.List;
import java.util.Objects;

/**
 * A value of {@code meter-events}: one alarm or event a meter pushed (an alarm register or an event code object of
 * its push object list).
 *
 * @param at         the meter's time of the push (its clock element, else the DataNotification date-time), epoch ms
 * @param receivedAt when the listener received the push, epoch ms
 * @param obis       the object that carried the event, e.g. {@code 0.0.97.98.0.255} (alarm register 1)
 * @param value      the raw value (alarm bits or event code)
 * @param flags      names of the standard bits set in an alarm register, or of a standard event code; empty when
 *                   none is known
 */
public record MeterEvent(String meterId, long at, long receivedAt, String obis, long value, List<String> flags)
        implements MeterRecord {

    public MeterEvent {
        Objects.requireNonNull(meterId, "meterId");
        Objects.requireNonNull(obis, "obis");
        flags = flags == null ? List.of() : List.copyOf(flags);
    }

    @Override
    @JsonIgnore
    public long eventTime() {
        return at;
    }
}
