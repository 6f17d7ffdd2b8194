package io.meterflow.api.meters;

/** Which intervals {@code GET /api/v1/meters/{meterId}/intervals} lists. */
public enum IntervalView {
    /** The highest validated version with its quality, estimates included; raw rows not validated yet, quality null. */
    VALIDATED,
    /** The rows as read from the meter (interval_history), without a verdict. */
    RAW;

    public static final String PARAMETER = "view";
}
