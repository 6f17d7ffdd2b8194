package io.meterflow.simulator.dlms.push;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * Where and how simulated meters push.
 *
 * @param targets       listener addresses; meter i pushes to target i mod n (a port per task)
 * @param interval      time between two pushes of a meter; null: each meter's scenario publishInterval
 * @param profilePeriod capture period of the pushed load-profile rows
 * @param maxPushes     pushes per meter before it stops creating new ones (retries go on), 0 for no limit
 * @param alarmEvery    every n-th push carries alarm bits (power up), 0 for never
 * @param ackTimeout    how long a meter waits for the listener's acknowledgement before it counts the push failed
 */
public record PushOptions(List<InetSocketAddress> targets, Duration interval, Duration profilePeriod, int maxPushes,
                          int alarmEvery, Duration ackTimeout) {

    public PushOptions {
        targets = List.copyOf(targets);
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("push meters need a listener address");
        }
    }

    public static PushOptions to(InetSocketAddress target) {
        return new PushOptions(List.of(target), Duration.ofSeconds(15), Duration.ofSeconds(15), 0, 0,
                Duration.ofSeconds(90));
    }

    /**
     * Pushes every meter's publishInterval, profile rows every {@code profilePeriod}, an alarm every 4th push,
     * retries without end.
     */
    public static PushOptions perMeterInterval(List<InetSocketAddress> targets, Duration profilePeriod) {
        return new PushOptions(targets, null, profilePeriod, 0, 4, Duration.ofSeconds(90));
    }

    public PushOptions withTargets(List<InetSocketAddress> newTargets) {
        return new PushOptions(newTargets, interval, profilePeriod, maxPushes, alarmEvery, ackTimeout);
    }

    public PushOptions withInterval(Duration newInterval, Duration newProfilePeriod) {
        return new PushOptions(targets, newInterval, newProfilePeriod, maxPushes, alarmEvery, ackTimeout);
    }

    public PushOptions withMaxPushes(int n) {
        return new PushOptions(targets, interval, profilePeriod, n, alarmEvery, ackTimeout);
    }

    public PushOptions withAlarmEvery(int n) {
        return new PushOptions(targets, interval, profilePeriod, maxPushes, n, ackTimeout);
    }
}
