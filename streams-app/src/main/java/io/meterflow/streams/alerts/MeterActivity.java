package io.meterflow.streams.alerts;

import io.meterflow.schema.ReadingSource;

/**
 * What the silence check of {@link AlertProcessor} needs of a stored per-meter state: where the meter's readings come
 * from (for its expected interval) and when the meter last answered. The meter's state implements it, so this
 * package need not know that state.
 */
public interface MeterActivity {

    /** The source of the meter's newest reading, null before the first. */
    ReadingSource source();

    /**
     * Processing wall-clock time at which the app received the meter's last successful reading (or its first reading
     * of any kind): a failed poll is no sign of life.
     */
    long lastAnsweredWallMs();
}
