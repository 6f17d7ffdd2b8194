package io.meterflow.simulator.dlms.security;

import io.meterflow.simulator.scenario.Authentication;

import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Replay protection of one meter (DLMS UA 1000-2, 9.2.7.2.4.2): the last invocation counter the meter accepted from
 * each client (source wrapper port). A conforming meter keeps it in non-volatile memory, so it survives every
 * re-association; here it lives as long as the simulator process, which is the meter's lifetime.
 */
public final class InvocationCounters {

    private static final int EXCEPTION_RESPONSE = 0xD8;
    private static final int SERVICE_NOT_ALLOWED = 1;
    private static final int SERVICE_UNKNOWN = 2;
    private static final int DECIPHERING_ERROR = 5;
    private static final int INVOCATION_COUNTER_ERROR = 6;

    private final Map<Integer, Long> lastAccepted = new ConcurrentHashMap<>();
    private final Authentication.CounterRejection answer;

    /** @param answer how the meter answers a replayed counter */
    public InvocationCounters(Authentication.CounterRejection answer) {
        this.answer = answer;
    }

    /** Accepts {@code counter} from {@code clientSap} only if it is above the last one accepted from that client. */
    public boolean accept(int clientSap, long counter) {
        final boolean[] accepted = new boolean[1];
        lastAccepted.compute(clientSap, (sap, last) -> {
            accepted[0] = last == null || counter > last;
            return accepted[0] ? counter : last;
        });
        return accepted[0];
    }

    /** Whether {@code counter} would be accepted, without accepting it (an association that fails anyway). */
    public boolean isFresh(int clientSap, long counter) {
        return counter > lastAccepted(clientSap);
    }

    /** The last counter accepted from the client; 0 before the first (the client then starts at 1 or above). */
    public long lastAccepted(int clientSap) {
        return lastAccepted.getOrDefault(clientSap, 0L);
    }

    /**
     * The meter's answer to a replayed counter of {@code clientSap}, as IDIS meters give it: exception-response
     * (state-error service-not-allowed, service-error invocation-counter-error) with the lowest counter it accepts next;
     * or, for a meter set to answer as Gurux DLMS does, exception-response service-unknown, deciphering-error.
     */
    public byte[] rejection(int clientSap) {
        if (answer == Authentication.CounterRejection.DECIPHERING_ERROR) {
            return new byte[] {(byte) EXCEPTION_RESPONSE, SERVICE_UNKNOWN, DECIPHERING_ERROR};
        }
        // Unsigned32: a meter whose counter reached the end accepts nothing more (until its keys are changed).
        final long expected = Math.min(lastAccepted(clientSap) + 1, 0xFFFF_FFFFL);
        return new byte[] {(byte) EXCEPTION_RESPONSE, SERVICE_NOT_ALLOWED, INVOCATION_COUNTER_ERROR,
            (byte) (expected >>> 24), (byte) (expected >>> 16), (byte) (expected >>> 8), (byte) expected};
    }

    /** For inspection in tests: the client's last accepted counter, if it ever sent one. */
    public OptionalLong lastAcceptedIfAny(int clientSap) {
        final Long last = lastAccepted.get(clientSap);
        return last == null ? OptionalLong.empty() : OptionalLong.of(last);
    }
}
