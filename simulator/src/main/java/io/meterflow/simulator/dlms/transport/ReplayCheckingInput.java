package io.meterflow.simulator.dlms.transport;

import io.meterflow.simulator.dlms.security.CipheredApdus;
import io.meterflow.simulator.dlms.security.InvocationCounters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.OptionalLong;

/**
 * What jDLMS's server reads from a connection, one IEC 62056-47 wrapper frame at a time, with replay protection in
 * front: jDLMS 1.8.0's server deciphers whatever counter a client sends, so the simulator checks the invocation
 * counter of every ciphered APDU (the AARQ's glo-initiateRequest included) before jDLMS sees it. A counter that is
 * not above the last one accepted from the client is answered as a conforming meter does: an exception-response
 * (state-error service-not-allowed, service-error invocation-counter-error carrying the lowest counter the meter
 * accepts next), after which the meter drops the connection.
 */
final class ReplayCheckingInput extends InputStream {

    private static final Logger LOG = LoggerFactory.getLogger(ReplayCheckingInput.class);
    private static final int WRAPPER_HEADER = 8;
    private static final int WRAPPER_VERSION = 1;

    private final String meterId;
    private final Socket socket;
    private final DataInputStream in;
    private final InvocationCounters counters;
    private final boolean authenticates;
    private byte[] frame = new byte[0];
    private int position;

    /**
     * @param authenticates false for a connection whose association will be rejected anyway (wrong credentials): a
     *                      meter advances its counter only for APDUs it authenticated
     */
    ReplayCheckingInput(String meterId, Socket socket, InvocationCounters counters, boolean authenticates)
            throws IOException {
        this.meterId = meterId;
        this.authenticates = authenticates;
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.counters = counters;
    }

    @Override
    public int read() throws IOException {
        if (!fill()) {
            return -1;
        }
        return frame[position++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        final int n = Math.min(len, frame.length - position);
        System.arraycopy(frame, position, b, off, n);
        position += n;
        return n;
    }

    @Override
    public int available() {
        return frame.length - position;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** Makes sure unread bytes are buffered; false at the end of the stream. */
    private boolean fill() throws IOException {
        if (position < frame.length) {
            return true;
        }
        final byte[] header = new byte[WRAPPER_HEADER];
        final int first = in.read();
        if (first < 0) {
            return false;
        }
        header[0] = (byte) first;
        in.readFully(header, 1, WRAPPER_HEADER - 1);
        if (unsigned16(header, 0) != WRAPPER_VERSION) {
            frame = header; // not a wrapper frame: jDLMS rejects it as it would without us
            position = 0;
            return true;
        }
        final byte[] apdu = new byte[unsigned16(header, 6)];
        in.readFully(apdu);
        final int clientSap = unsigned16(header, 2);
        final OptionalLong counter = CipheredApdus.invocationCounter(apdu);
        if (counter.isPresent() && !(authenticates ? counters.accept(clientSap, counter.getAsLong())
                : counters.isFresh(clientSap, counter.getAsLong()))) {
            reject(header, clientSap, counter.getAsLong());
        }
        frame = new byte[WRAPPER_HEADER + apdu.length];
        System.arraycopy(header, 0, frame, 0, WRAPPER_HEADER);
        System.arraycopy(apdu, 0, frame, WRAPPER_HEADER, apdu.length);
        position = 0;
        return true;
    }

    private void reject(byte[] request, int clientSap, long counter) throws IOException {
        LOG.info("Meter {}: invocation counter {} from client {} is not above {}; exception-response, connection "
                + "dropped", meterId, counter, clientSap, counters.lastAccepted(clientSap));
        final byte[] rejection = counters.rejection(clientSap);
        final byte[] answer = new byte[WRAPPER_HEADER + rejection.length];
        final byte[] header = {0, WRAPPER_VERSION, request[4], request[5], request[2], request[3], 0,
            (byte) rejection.length};
        System.arraycopy(header, 0, answer, 0, WRAPPER_HEADER);
        System.arraycopy(rejection, 0, answer, WRAPPER_HEADER, rejection.length);
        try {
            final OutputStream out = socket.getOutputStream();
            out.write(answer);
            out.flush();
        } finally {
            socket.close();
        }
        throw new EOFException("meter " + meterId + " dropped the connection after a replayed invocation counter");
    }

    private static int unsigned16(byte[] bytes, int at) {
        return ((bytes[at] & 0xff) << 8) | (bytes[at + 1] & 0xff);
    }
}
