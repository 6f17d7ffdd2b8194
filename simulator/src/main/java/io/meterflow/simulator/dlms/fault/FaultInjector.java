package io.meterflow.simulator.dlms.fault;

import io.meterflow.simulator.physics.MeterPhysics;
import io.meterflow.simulator.scenario.Failures;

import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Decides, with the meter's seeded random source, how one connection or one request fails. Connection-level
 * faults (refused, authentication reject) are drawn once per accepted TCP connection; request-level faults
 * (timeout, garbage) once per GET answer. Silence periods win over everything.
 */
public final class FaultInjector {

    /** What happens to a newly accepted TCP connection. */
    public enum ConnectionFate { SERVE, REFUSE, REJECT_AUTH, IGNORE }

    /** What happens to one GET answer. */
    public enum AnswerFate { SEND, DROP, GARBAGE }

    private final String meterId;
    private final Failures failures;
    private final MeterPhysics physics;
    private final Consumer<InjectedFault> log;
    private final SplittableRandom random;
    private final BooleanSupplier paused;

    /** @param paused while true, no fault is injected (tests settle the fleet before comparing) */
    public FaultInjector(String meterId, Failures failures, MeterPhysics physics, long seed,
                         Consumer<InjectedFault> log, BooleanSupplier paused) {
        this.paused = paused;
        this.meterId = meterId;
        this.failures = failures;
        this.physics = physics;
        this.log = log;
        this.random = new SplittableRandom(seed ^ 0x5DEECE66DL);
    }

    public synchronized ConnectionFate onAccept(long nowMs) {
        if (paused.getAsBoolean()) {
            return ConnectionFate.SERVE;
        }
        if (physics.silentAt(nowMs)) {
            log.accept(new InjectedFault(meterId, FaultKind.SILENT, nowMs));
            return ConnectionFate.IGNORE;
        }
        final double r = random.nextDouble();
        if (r < failures.refused()) {
            log.accept(new InjectedFault(meterId, FaultKind.REFUSED, nowMs));
            return ConnectionFate.REFUSE;
        }
        if (r < failures.refused() + failures.authReject()) {
            log.accept(new InjectedFault(meterId, FaultKind.AUTH_REJECT, nowMs));
            return ConnectionFate.REJECT_AUTH;
        }
        return ConnectionFate.SERVE;
    }

    /** Whether the meter answers nothing now (a silence period), without recording anything. */
    public synchronized boolean silentAt(long nowMs) {
        return !paused.getAsBoolean() && physics.silentAt(nowMs);
    }

    public synchronized AnswerFate onAnswer(long nowMs) {
        if (paused.getAsBoolean()) {
            return AnswerFate.SEND;
        }
        if (physics.silentAt(nowMs)) {
            log.accept(new InjectedFault(meterId, FaultKind.SILENT, nowMs));
            return AnswerFate.DROP;
        }
        final double r = random.nextDouble();
        if (r < failures.timeout()) {
            log.accept(new InjectedFault(meterId, FaultKind.TIMEOUT, nowMs));
            return AnswerFate.DROP;
        }
        if (r < failures.timeout() + failures.garbage()) {
            log.accept(new InjectedFault(meterId, FaultKind.GARBAGE, nowMs));
            return AnswerFate.GARBAGE;
        }
        return AnswerFate.SEND;
    }
}
