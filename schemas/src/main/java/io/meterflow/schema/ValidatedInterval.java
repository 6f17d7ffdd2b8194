package io.meterflow.schema;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.util.List;
import java.util.Objects;

/**
 * A value of {@code meter-intervals-validated}: a load-profile row after validation, or an estimate for a row that
 * could not be read, versioned.
 *
 * <p>The first value of a (meterId, capturedAt) is version 1; whenever the row's content or verdict changes (a real
 * row supersedes an estimate, a late neighbour changes a verdict) a new value with the next version is written.
 * Consumers keep the highest version per (meterId, capturedAt), and may keep the others as history.
 *
 * @param interval    the row as read (provenance POLL, PUSH or BACKFILL), or the estimate (provenance null)
 * @param quality     the verdict
 * @param reasons     why the verdict is not VALID (empty when VALID)
 * @param version     1, 2, ... per (meterId, capturedAt)
 * @param validatedAt when this version was decided, epoch ms
 */
public record ValidatedInterval(String meterId, long capturedAt, List<MeterValue> values, List<IntervalFlag> flags,
                                Long clockOffsetMs, Provenance provenance, Integer capturePeriodSeconds,
                                IntervalQuality quality, List<QualityReason> reasons, int version, long validatedAt)
        implements MeterRecord {

    public ValidatedInterval {
        Objects.requireNonNull(meterId, "meterId");
        Objects.requireNonNull(quality, "quality");
        values = values == null ? List.of() : List.copyOf(values);
        flags = flags == null ? List.of() : List.copyOf(flags);
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
        if (version < 1) {
            throw new IllegalArgumentException("versions start at 1: " + version);
        }
        if ((quality == IntervalQuality.ESTIMATED) != (provenance == null)) {
            throw new IllegalArgumentException("an estimate, and only an estimate, has no provenance");
        }
    }

    /** The verdict on a real row. */
    public static ValidatedInterval of(Interval row, IntervalQuality quality, List<QualityReason> reasons, int version,
                                       long validatedAt) {
        return new ValidatedInterval(row.meterId(), row.capturedAt(), row.values(), row.flags(), row.clockOffsetMs(),
                row.provenance(), row.capturePeriodSeconds(), quality, reasons, version, validatedAt);
    }

    @Override
    @JsonIgnore
    public long eventTime() {
        return capturedAt;
    }
}
