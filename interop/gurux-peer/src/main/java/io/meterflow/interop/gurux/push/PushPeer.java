package io.meterflow.interop.gurux.push;

import gurux.dlms.enums.Security;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.HexFormat;

/**
 * The Gurux push peer: pushes like a meter built on Gurux DLMS, one TCP connection per push, and prints per push
 * one line of what it sent and what came back:
 * <pre>PUSH n capturedAt=ms importWh=v exportWh=v alarm=v ic=c|- bytes=hex result=ACK|CLOSED|RESET|NO_ANSWER</pre>
 * ACK is an empty wrapper frame back (MeterFlow's acknowledgement), CLOSED a close without one, RESET a reset
 * connection. Profile row k of n (k = 1..n) is captured (n - k) periods before the push, with importWh - (n - k).
 * The last line is {@code DONE}. Exit code 0 once every push was sent, 1 when a connection failed,
 * 2 for a wrong command line.
 */
public final class PushPeer {

    private static final int ANSWER_TIMEOUT_MS = 15_000;

    private PushPeer() {
    }

    public static void main(String[] args) {
        final PushPeerOptions options;
        try {
            options = PushPeerOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("gurux push peer: " + e.getMessage());
            System.exit(2);
            return;
        }
        final GuruxPushingMeter meter = new GuruxPushingMeter(options);
        System.out.println("GURUX push setup " + meter.pushSetupLogicalName() + ", layout " + options.layout()
                + ", security " + options.security());
        try {
            for (int n = 1; n <= options.pushes(); n++) {
                push(options, meter, meter.values(n));
            }
            if (options.resend() > 0) {
                push(options, meter, meter.values(options.resend()));
            }
        } catch (Exception e) {
            System.out.println("FAILED " + e);
            System.out.flush();
            System.exit(1);
        }
        System.out.println("DONE");
        System.out.flush();
    }

    private static void push(PushPeerOptions options, GuruxPushingMeter meter, GuruxPushingMeter.Values values)
            throws Exception {
        final String ic = options.security() == Security.NONE ? "-" : Long.toString(meter.nextInvocationCounter());
        final byte[][] frames = meter.frames(values);
        final StringBuilder sent = new StringBuilder();
        String result;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(options.host(), options.port()), 5_000);
            result = null;
            for (byte[] frame : frames) {
                sent.append(HexFormat.of().formatHex(frame));
                try {
                    socket.getOutputStream().write(frame);
                    socket.getOutputStream().flush();
                } catch (SocketException e) {
                    result = "RESET"; // the listener refused an earlier frame of this push
                    break;
                }
            }
            if (result == null) {
                socket.setSoTimeout(ANSWER_TIMEOUT_MS);
                result = answer(socket.getInputStream());
            }
        }
        System.out.println("PUSH " + values.number() + " capturedAt=" + values.capturedAt() + " importWh="
                + values.importWh() + " exportWh=" + values.exportWh() + " alarm=" + values.alarm() + " ic=" + ic
                + " frames=" + frames.length + " bytes=" + sent + " result=" + result);
        System.out.flush();
    }

    /** An empty wrapper frame is the acknowledgement; anything else is named. */
    private static String answer(InputStream in) throws IOException {
        final byte[] header = new byte[8];
        int read = 0;
        try {
            while (read < header.length) {
                final int n = in.read(header, read, header.length - read);
                if (n < 0) {
                    return read == 0 ? "CLOSED" : "PARTIAL";
                }
                read += n;
            }
        } catch (SocketTimeoutException e) {
            return "NO_ANSWER";
        } catch (SocketException e) {
            return "RESET";
        }
        final boolean empty = header[0] == 0 && header[1] == 1 && header[6] == 0 && header[7] == 0;
        return empty ? "ACK" : "FRAME:" + HexFormat.of().formatHex(header);
    }
}
