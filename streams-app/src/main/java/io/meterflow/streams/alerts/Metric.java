package io.meterflow.streams.alerts;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What an alert rule evaluates. Each has one source of evaluations in the topology. */
public enum Metric {
    /** errorPct of a closed window, per meter and for the fleet ({@code *}). */
    ERROR_PCT(true),
    /** publicationPct of a closed window, for meters with an expected interval. */
    PUBLICATION_PCT(true),
    /** |clock drift| in seconds, per reading with a meter clock. */
    CLOCK_DRIFT_SECONDS(false),
    /** Time since the last reading in expected intervals, from a wall-clock check. */
    SILENT_INTERVALS(false),
    /** Registers that reset in a reading (0 when none did), per reading with cumulative registers. */
    COUNTER_RESET(false);

    private final boolean windowed;

    Metric(boolean windowed) {
        this.windowed = windowed;
    }

    public boolean windowed() {
        return windowed;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Metric> fromWireName(String name) {
        return Arrays.stream(values()).filter(m -> m.wireName().equals(name)).findFirst();
    }
}
