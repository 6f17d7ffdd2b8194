package io.meterflow.simulator.scenario;

/**
 * How a DLMS client must authenticate to the meter.
 *
 * @param password                  LLS password (mechanism LOW)
 * @param authenticationKey         16-byte hex key for HLS5-GMAC
 * @param encryptionKey             16-byte hex global unicast encryption key (AES-GCM-128) for HLS5-GMAC
 * @param invocationCounterObis     HLS5-GMAC: the Data object holding the last invocation counter the meter accepted
 *                                  from the HLS client, readable by the public client 16 (default
 *                                  {@value #DEFAULT_INVOCATION_COUNTER_OBIS}, security setup 1 of the management
 *                                  client 1)
 * @param invocationCounterReadable HLS5-GMAC: false for a meter without that object (default true)
 * @param counterRejection          HLS5-GMAC: how the meter answers a counter that is not above the last accepted one
 *                                  (default INVOCATION_COUNTER_ERROR)
 */
public record Authentication(Mechanism mechanism, String password, String authenticationKey, String encryptionKey,
                             String invocationCounterObis, Boolean invocationCounterReadable,
                             CounterRejection counterRejection) {

    public static final String DEFAULT_INVOCATION_COUNTER_OBIS = "0.0.43.1.1.255";
    public static final Authentication NONE = new Authentication(Mechanism.NONE, null, null, null, null, null,
            null);

    /** DLMS authentication mechanisms the simulator serves. */
    public enum Mechanism {
        NONE, LOW, HLS5_GMAC
    }

    /** A meter's answer to a replayed invocation counter. */
    public enum CounterRejection {
        /**
         * Exception-response, state-error service-not-allowed, service-error invocation-counter-error, then the lowest
         * counter the meter accepts next (DLMS UA 1000-2; IDIS meters).
         */
        INVOCATION_COUNTER_ERROR,
        /**
         * Exception-response, state-error service-unknown, service-error deciphering-error, nothing else: what Gurux
         * DLMS 4.0.47 meters answer to an AARQ with a stale counter (and to one with wrong keys).
         */
        DECIPHERING_ERROR
    }

    public CounterRejection rejection() {
        return counterRejection == null ? CounterRejection.INVOCATION_COUNTER_ERROR : counterRejection;
    }

    public String counterObis() {
        return invocationCounterObis == null ? DEFAULT_INVOCATION_COUNTER_OBIS : invocationCounterObis;
    }

    public boolean counterReadable() {
        return invocationCounterReadable == null || invocationCounterReadable;
    }
}
