package io.meterflow.simulator.dlms.fault;

import java.io.IOException;

/** What fault injection needs of a meter's answers, whichever transport carries them (wrapper or HDLC). */
public final class Answers {

    /** APDU tags of get-response, glo-get-response and ded-get-response. */
    private static final int GET_RESPONSE = 0xC4;
    private static final int GLO_GET_RESPONSE = 0xCC;
    private static final int DED_GET_RESPONSE = 0xD4;

    private Answers() {
    }

    /** Whether an APDU with this first byte answers a GET (what the timeout and garbage faults apply to). */
    public static boolean isGetAnswer(int apduTag) {
        return apduTag == GET_RESPONSE || apduTag == GLO_GET_RESPONSE || apduTag == DED_GET_RESPONSE;
    }

    /** Holds an answer back for the meter's latency. */
    public static void delay(long ms) throws IOException {
        if (ms <= 0) {
            return;
        }
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while delaying an answer", e);
        }
    }
}
