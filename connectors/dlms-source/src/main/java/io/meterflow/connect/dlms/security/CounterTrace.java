package io.meterflow.connect.dlms.security;

import io.meterflow.connect.dlms.hdlc.HdlcFrameView;
import org.openmuc.jdlms.RawMessageData;
import org.openmuc.jdlms.RawMessageListener;

import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * Watches one HLS association's messages (jDLMS's raw message listener): every APDU the client sends (a wrapper frame,
 * or an HDLC I-frame) is ciphered and
 * takes the next invocation counter, starting at the one the connection was built with, so the highest counter used
 * is the start plus the APDUs sent minus one. Also spots the meter's exception-response "invocation counter error"
 * (tag 0xD8, service-error 6, then the lowest counter the meter accepts next), which jDLMS itself only reports as a
 * failed decryption, and the exception-response "deciphering error" (service-error 5, nothing after it) that other
 * stacks send instead, Gurux DLMS among them for an AARQ whose counter is too low; jDLMS 1.8.0 cannot decode either
 * as an answer to an AARQ (it fails with an EOFException).
 */
public final class CounterTrace implements RawMessageListener {

    private static final int WRAPPER_HEADER = 8;
    private static final int EXCEPTION_RESPONSE = 0xD8;
    private static final int DECIPHERING_ERROR = 5;
    private static final int INVOCATION_COUNTER_ERROR = 6;
    private static final long NONE = -1;

    private final long start;
    private final LongConsumer used;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong meterExpects = new AtomicLong(NONE);
    private volatile boolean decipheringError;

    /**
     * @param start the counter the connection is built with
     * @param used  told each counter as its APDU goes out
     */
    public CounterTrace(long start, LongConsumer used) {
        this.start = start;
        this.used = used;
    }

    @Override
    public void messageCaptured(RawMessageData message) {
        if (message.getMessageSource() == RawMessageData.MessageSource.CLIENT) {
            if (!carriesApdu(message.getMessage())) {
                return;
            }
            used.accept(start + sent.incrementAndGet() - 1);
        } else {
            exceptionResponse(message.getMessage()).ifPresent(response -> {
                final long expects = counterError(response);
                if (expects != NONE) {
                    meterExpects.set(expects);
                }
                if (isDecipheringError(response)) {
                    decipheringError = true;
                }
            });
        }
    }

    /**
     * A wrapper frame always carries an APDU; over HDLC only an I-frame does (SNRM, RR, DISC do not), and jDLMS sends
     * each request in one I-frame.
     */
    static boolean carriesApdu(byte[] message) {
        return HdlcFrameView.of(message).map(HdlcFrameView::isInformation).orElse(true);
    }

    /** The counter of the first APDU (the AARQ). */
    public long start() {
        return start;
    }

    /** The highest counter sent, empty if nothing was sent. */
    public OptionalLong highestSent() {
        final long n = sent.get();
        return n == 0 ? OptionalLong.empty() : OptionalLong.of(start + n - 1);
    }

    /** The counter the meter asked for in an "invocation counter error" exception-response, if it sent one. */
    public OptionalLong meterExpects() {
        final long expects = meterExpects.get();
        return expects == NONE ? OptionalLong.empty() : OptionalLong.of(expects);
    }

    /**
     * The meter answered "deciphering error": it could not (or would not) decipher what we sent. To an AARQ that
     * means a counter not above the meter's, or wrong keys; the meter does not say which.
     */
    public boolean meterCouldNotDecipher() {
        return decipheringError;
    }

    /** Deciphering-error: service-error 5 with nothing after it. */
    private static boolean isDecipheringError(byte[] response) {
        return response.length == 3 && (response[2] & 0xff) == DECIPHERING_ERROR;
    }

    /** Invocation-counter-error: service-error 6, then the counter the meter accepts next; NONE for anything else. */
    private static long counterError(byte[] response) {
        if (response.length < 7 || (response[2] & 0xff) != INVOCATION_COUNTER_ERROR) {
            return NONE;
        }
        long expects = 0;
        for (int i = 3; i < 7; i++) {
            expects = (expects << 8) | (response[i] & 0xff);
        }
        return expects;
    }

    /**
     * The exception-response (0xD8, state-error, service-error, ...) a received message carries, from its tag on. A
     * received message is a bare APDU, a wrapper frame around one, or an HDLC frame (LLC header, then the APDU),
     * depending on the transport and how far jDLMS decoded it.
     */
    private static Optional<byte[]> exceptionResponse(byte[] message) {
        final byte[] apdu = HdlcFrameView.of(message).map(HdlcFrameView::apdu).orElse(message);
        for (int at : new int[] {0, WRAPPER_HEADER}) {
            if (apdu.length >= at + 3 && (apdu[at] & 0xff) == EXCEPTION_RESPONSE) {
                return Optional.of(Arrays.copyOfRange(apdu, at, apdu.length));
            }
        }
        return Optional.empty();
    }
}
