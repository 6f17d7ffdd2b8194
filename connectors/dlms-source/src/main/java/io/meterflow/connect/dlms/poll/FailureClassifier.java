package io.meterflow.connect.dlms.poll;

import io.meterflow.connect.dlms.meter.AuthMechanism;
import io.meterflow.connect.dlms.security.InvocationCounterException;
import io.meterflow.schema.ReadingStatus;
import org.openmuc.jdlms.JDlmsException;
import org.openmuc.jdlms.ResponseTimeoutException;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;

/**
 * Maps what went wrong in a poll cycle to a reading status, with jDLMS's habits in mind (docs/dlms.md):
 * a meter that drops the connection while an authenticated association is being set up (wrong HLS keys, or a
 * wrong LLS password racing the AARE) is an authentication failure; a reset or refused TCP connection is
 * unreachable; anything that is not DLMS is a protocol error.
 */
public final class FailureClassifier {

    /** Where in the cycle the failure happened. */
    public enum Phase { CONNECT, REQUEST }

    private FailureClassifier() {
    }

    public static ReadingStatus classify(Throwable failure, Phase phase, AuthMechanism auth) {
        if (failure instanceof InvocationCounterException) {
            return ReadingStatus.AUTH_FAILED; // the meter refuses our counters even after a resync
        }
        if (failure instanceof TimeoutException) {
            return ReadingStatus.UNREACHABLE; // no TCP connection within connect.timeout.ms
        }
        if (failure instanceof ResponseTimeoutException || failure instanceof SocketTimeoutException) {
            return ReadingStatus.TIMEOUT;
        }
        if (failure instanceof JDlmsException dlms) {
            return switch (dlms.getExceptionId()) {
                case AUTHENTICATION_ERROR, AUTHENTICATION_REQUIRED -> ReadingStatus.AUTH_FAILED;
                case RESPONSE_TIMEOUT -> ReadingStatus.TIMEOUT;
                case CONNECTION_ESTABLISH_ERROR -> isTimeout(dlms) ? ReadingStatus.TIMEOUT : ReadingStatus.PROTOCOL_ERROR;
                case HDLC_CONNECTION_ESTABLISH_ERROR -> hdlcLinkFailure(dlms);
                default -> ReadingStatus.PROTOCOL_ERROR;
            };
        }
        if (failure instanceof ConnectException || failure instanceof NoRouteToHostException
                || failure instanceof UnknownHostException) {
            return ReadingStatus.UNREACHABLE;
        }
        if (failure instanceof EOFException) {
            if (phase == Phase.CONNECT) {
                return auth == AuthMechanism.NONE ? ReadingStatus.PROTOCOL_ERROR : ReadingStatus.AUTH_FAILED;
            }
            return ReadingStatus.PROTOCOL_ERROR;
        }
        if (failure instanceof SocketException) {
            return phase == Phase.CONNECT ? ReadingStatus.UNREACHABLE : ReadingStatus.PROTOCOL_ERROR;
        }
        return ReadingStatus.PROTOCOL_ERROR;
    }

    /**
     * jDLMS's SNRM/UA outcome: no answer at all (a dead or absent meter behind its gateway) is a timeout, any other
     * answer than a UA (FRMR, a DM refusing the link, bad parameters) a protocol error.
     */
    private static ReadingStatus hdlcLinkFailure(JDlmsException e) {
        final String message = e.getMessage() == null ? "" : e.getMessage();
        return message.contains("Didn't receive answer") ? ReadingStatus.TIMEOUT : ReadingStatus.PROTOCOL_ERROR;
    }

    private static boolean isTimeout(JDlmsException e) {
        final String message = e.getMessage() == null ? "" : e.getMessage().toLowerCase(java.util.Locale.ROOT);
        return message.contains("timeout") || message.contains("timed out") || message.contains("late")
                || e.getCause() instanceof ResponseTimeoutException;
    }

    /** A short, secret-free description for the reading's error field. */
    public static String describe(Throwable failure) {
        final String message = failure.getMessage();
        return failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
