package io.meterflow.api.params;

import java.time.Instant;

/** A half-open time range [from, to) of a history query. */
public record TimeRange(Instant from, Instant to) {
}
