package io.meterflow.bench.push;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Warms a target up until the JIT compilers are done with it, the way a long-running listener is measured: rounds of
 * pushes until a round's JIT CPU is at most {@code settledJitShare} of the JVM's CPU in that round (at least
 * {@code minRounds}, at most {@code maxRounds}). A push listener runs for months, and the Connect round starts a
 * broker and a worker from cold, whose code the compilers are still compiling a whole 20,000-push round later
 * (docs/benchmarks.md, DLMS push): a round measured before that measures the JIT, not the listener.
 *
 * <p>Every round's capture times are newer than the previous round's, so no warm-up push is a duplicate (the
 * duplicate path is cheaper and would not warm the real one); all of them lie before the measured round's.
 */
final class WarmUp {

    private final int meters;
    private final int pushesPerRound;
    private final int minRounds;
    private final int maxRounds;
    private final double settledJitShare;
    private final long firstCapture;
    private final List<PushLoad> rounds = new ArrayList<>();

    WarmUp(int meters, int pushesPerRound, int minRounds, int maxRounds, double settledJitShare, long firstCapture) {
        this.meters = meters;
        this.pushesPerRound = pushesPerRound;
        this.minRounds = minRounds;
        this.maxRounds = maxRounds;
        this.settledJitShare = settledJitShare;
        this.firstCapture = firstCapture;
    }

    /** The first capture time after every warm-up round's: where the measured round starts. */
    long endCapture() {
        return firstCapture + (long) maxRounds * pushesPerRound * 1_000L;
    }

    /** Runs warm-up rounds against {@code target}, printing each, until the JIT settled; returns the rounds run. */
    int run(String name, InetSocketAddress target, int senders) throws InterruptedException {
        for (int round = 0; round < maxRounds; round++) {
            final PushLoad.Result result = load(round).run(target, senders);
            final double jitShare = result.jitMicrosPerPush() / result.processCpuMicrosPerPush();
            System.out.printf("  warm-up %-20s round %2d: %6.0f pushes/s, CPU %4.0f us/push, JIT %4.1f %%%n", name,
                    round + 1, result.pushesPerSecond(), result.processCpuMicrosPerPush(), 100 * jitShare);
            if (round + 1 >= minRounds && jitShare <= settledJitShare) {
                return round + 1;
            }
        }
        return maxRounds;
    }

    /** Built once and reused for every target: each target starts with its own fresh listener state. */
    private PushLoad load(int round) {
        while (rounds.size() <= round) {
            rounds.add(PushLoad.build(meters, pushesPerRound,
                    firstCapture + (long) rounds.size() * pushesPerRound * 1_000L));
        }
        return rounds.get(round);
    }
}
