package io.meterflow.local.chaos;

import java.time.Duration;

/** The suite's waits: between polls of a condition, and the fault's own duration (a database outage lasts 60 s). */
final class Pause {

    private Pause() {
    }

    static void of(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }
}
