package io.meterflow.simulator.dlms.hdlc;

import org.openmuc.jdlms.sessionlayer.server.ServerSessionLayer;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * What jDLMS's server {@code Association} sees of one HDLC link: complete APDUs in (reassembled by the link), APDUs
 * out (segmented by the link). The SNRM/UA exchange already happened on the link, so {@link #initialize()} has
 * nothing to do. An association ends when the link does (DISC, a new SNRM, the gateway's connection closing).
 */
final class LinkSession implements ServerSessionLayer {

    private static final byte[] LINK_CLOSED = new byte[0];

    /** Where the association's answers go. */
    interface Answers {
        void send(byte[] apdu) throws IOException;
    }

    private final Answers answers;
    private final int clientId;
    private final int logicalDeviceId;
    private final long inactivityMs;
    private final BlockingQueue<byte[]> requests = new LinkedBlockingQueue<>();
    private volatile boolean ended;

    LinkSession(Answers answers, int clientId, int logicalDeviceId, long inactivityMs) {
        this.answers = answers;
        this.clientId = clientId;
        this.logicalDeviceId = logicalDeviceId;
        this.inactivityMs = inactivityMs;
    }

    /** A complete APDU the client sent. */
    void received(byte[] apdu) {
        requests.add(apdu);
    }

    /** The link is gone: the association ends at its next read. */
    void linkClosed() {
        requests.add(LINK_CLOSED);
    }

    boolean ended() {
        return ended;
    }

    @Override
    public void initialize() {
        // SNRM/UA is the link's business; the association starts with the first APDU.
    }

    @Override
    public byte[] readNextMessage() throws IOException {
        final byte[] apdu;
        try {
            apdu = requests.poll(inactivityMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EOFException("meter stopped");
        }
        if (apdu == null) {
            throw new SocketTimeoutException("inactivity timeout");
        }
        if (apdu == LINK_CLOSED) {
            throw new EOFException("HDLC link closed");
        }
        return apdu;
    }

    @Override
    public void send(byte[] apdu) throws IOException {
        answers.send(apdu);
    }

    @Override
    public int getClientId() {
        return clientId;
    }

    @Override
    public int getLogicalDeviceId() {
        return logicalDeviceId;
    }

    @Override
    public void close() {
        ended = true;
    }
}
