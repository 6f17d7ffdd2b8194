package io.meterflow.schema;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.util.List;
import java.util.Objects;

/**
 * A value of {@code meter-completeness}: the ledger of one meter and UTC day, written whenever it changes.
 *
 * <p>{@code expected} counts the capture times of the day the ledger expects a row for so far (from the meter's
 * first row, up to the ledger's clock less the allowed lag): a day still running grows. {@code received} counts
 * real rows (polled, pushed or re-read), {@code estimated} rows filled by interpolation, {@code missing} those with
 * neither. The key is the meter id; consumers keep the latest value per (meterId, day).
 *
 * @param day                  the UTC day, {@code yyyy-MM-dd}
 * @param capturePeriodSeconds the capture period the expectation is built on
 * @param gaps                 every range that was missing on this day, with its state (recovered ones too)
 * @param updatedAt            when the ledger changed, epoch ms (record timestamp)
 */
public record Completeness(String meterId, String day, int capturePeriodSeconds, int expected, int received,
                           int estimated, int missing, List<Gap> gaps, long updatedAt) implements MeterRecord {

    public Completeness {
        Objects.requireNonNull(meterId, "meterId");
        Objects.requireNonNull(day, "day");
        gaps = gaps == null ? List.of() : List.copyOf(gaps);
    }

    /** Every expected row is there, real or estimated. */
    @JsonIgnore
    public boolean complete() {
        return missing == 0 && received + estimated >= expected;
    }

    @Override
    @JsonIgnore
    public long eventTime() {
        return updatedAt;
    }
}
