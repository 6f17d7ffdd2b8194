package io.meterflow.streams.validation;

import io.meterflow.schema.IntervalQuality;
import io.meterflow.schema.QualityReason;

import java.util.List;

/** Validation's verdict on one real row: VALID, or SUSPECT with the reasons. */
public record Verdict(IntervalQuality quality, List<QualityReason> reasons) {

    public static Verdict of(List<QualityReason> reasons) {
        return new Verdict(reasons.isEmpty() ? IntervalQuality.VALID : IntervalQuality.SUSPECT, reasons);
    }

    /** The rules broken, a bit per {@link io.meterflow.schema.QualityRule} ordinal: a new version only when these change. */
    public int rules() {
        int mask = 0;
        for (QualityReason reason : reasons) {
            mask |= 1 << reason.rule().ordinal();
        }
        return mask;
    }
}
