package io.meterflow.simulator.scenario;

import java.time.Duration;

/** A period, relative to the simulator's start, during which a meter neither answers nor publishes. */
public record Silence(Duration after, Duration duration) {

    public boolean covers(Duration sinceStart) {
        return sinceStart.compareTo(after) >= 0 && sinceStart.compareTo(after.plus(duration)) < 0;
    }
}
