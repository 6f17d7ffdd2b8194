package io.meterflow.api.params;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** A half-open time range [from, to) of a history query. */
public record TimeRange(Instant from, Instant to) {

    /** The UTC day of the range's first instant. */
    public LocalDate firstDay() {
        return LocalDate.ofInstant(from, ZoneOffset.UTC);
    }

    /** The UTC day of the range's last instant (to is exclusive). */
    public LocalDate lastDay() {
        return LocalDate.ofInstant(to.minusMillis(1), ZoneOffset.UTC);
    }
}
