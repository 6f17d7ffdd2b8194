package io.meterflow.schema;

import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.OptBoolean;

import java.util.List;
import java.util.Objects;

/**
 * A value of {@code meter-intervals}: one load-profile row (schema 1.2.0).
 *
 * <p>Fields added in 1.1.0 ({@code flags}, {@code clockOffsetMs}, {@code provenance}) may be absent in records
 * written before it: they then read as no flags, an unknown offset and POLL (the only provenance there was).
 * {@code capturePeriodSeconds} (1.2.0) is the profile's capture period; null when the source does not know it
 * (records before 1.2.0, MQTT), and then consumers fall back to the meter's configured period.
 *
 * @param statusFlags   the profile's raw status column (bit field), null when the profile has none; unchanged
 *                      since 1.0.0, {@code flags} holds its decoding
 * @param flags         named flags: the decoded status bits plus MeterFlow's CLOCK_SUSPECT
 * @param clockOffsetMs meter clock minus true time at the read that fetched the row; null only in 1.0.0 records
 * @param provenance    how the row was obtained
 * @param capturePeriodSeconds the profile's capture period (attribute 4 of the Profile Generic), null when unknown
 */
public record Interval(String meterId, long capturedAt, List<MeterValue> values, Integer statusFlags,
                       @JacksonInject(useInput = OptBoolean.TRUE, optional = OptBoolean.TRUE)
                       @JsonProperty("flags") List<IntervalFlag> flags,
                       @JacksonInject(useInput = OptBoolean.TRUE, optional = OptBoolean.TRUE)
                       @JsonProperty("clockOffsetMs") Long clockOffsetMs,
                       @JacksonInject(useInput = OptBoolean.TRUE, optional = OptBoolean.TRUE)
                       @JsonProperty("provenance") Provenance provenance,
                       @JacksonInject(useInput = OptBoolean.TRUE, optional = OptBoolean.TRUE)
                       @JsonProperty("capturePeriodSeconds") Integer capturePeriodSeconds)
        implements MeterRecord {

    /** A row whose capture period the source does not know (schema 1.1.0 shape). */
    public Interval(String meterId, long capturedAt, List<MeterValue> values, Integer statusFlags,
                    List<IntervalFlag> flags, Long clockOffsetMs, Provenance provenance) {
        this(meterId, capturedAt, values, statusFlags, flags, clockOffsetMs, provenance, null);
    }

    public Interval {
        Objects.requireNonNull(meterId, "meterId");
        values = values == null ? List.of() : List.copyOf(values);
        flags = flags == null ? List.of() : List.copyOf(flags);
        provenance = provenance == null ? Provenance.POLL : provenance;
        if (capturePeriodSeconds != null && capturePeriodSeconds <= 0) {
            throw new IllegalArgumentException("capturePeriodSeconds must be positive: " + capturePeriodSeconds);
        }
    }

    @Override
    @JsonIgnore
    public long eventTime() {
        return capturedAt;
    }
}
