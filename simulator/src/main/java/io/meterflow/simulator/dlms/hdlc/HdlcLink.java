package io.meterflow.simulator.dlms.hdlc;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One connected HDLC link (normal response mode) between a client and a meter, as strict as a conforming meter:
 * send and receive state variables V(S)/V(R) modulo 8 checked against every I-frame's N(S)/N(R); information fields
 * no longer than negotiated; at most the negotiated window of frames before the client polls; a client's segmented
 * request is acknowledged with RR when polled and reassembled; an answer longer than the negotiated field is sent in
 * segments, a window at a time, each window waiting for the client's RR (frames the RR does not acknowledge are sent
 * again). A frame that breaks the rules is answered with FRMR and ends the link; an I-frame out of sequence is
 * dropped and answered with RR naming the frame expected.
 */
final class HdlcLink {

    /** LLC header of a request (destination LSAP, source LSAP with command bit, quality) and of a response. */
    private static final byte[] LLC_COMMAND = {(byte) 0xE6, (byte) 0xE6, 0};
    private static final byte[] LLC_RESPONSE = {(byte) 0xE6, (byte) 0xE7, 0};
    private static final int FRMR_INVALID_CONTROL = 0x01;
    private static final int FRMR_INFO_TOO_LONG = 0x04;
    private static final int FRMR_INVALID_NR = 0x08;
    private static final int CLOSED = -1;

    /** What the station does with a complete request and how it answers. */
    interface Station {

        void delivered(HdlcLink link, byte[] apdu);

        /** The link broke (FRMR): the station forgets it. */
        void rejected(HdlcLink link);
    }

    private final HdlcAddress client;
    private final HdlcAddress server;
    private final LinkParameters parameters;
    private final FrameSink sink;
    private final Station station;
    private final long ackTimeoutMs;
    private final boolean authenticates;
    private final BlockingQueue<Integer> acknowledgements = new LinkedBlockingQueue<>();
    private final ByteArrayOutputStream request = new ByteArrayOutputStream();
    private final List<HdlcFrame> unacknowledged = new ArrayList<>();

    private int sendState;
    private int receiveState;
    private int framesInWindow;
    private boolean transmitting;
    private boolean open = true;
    private LinkSession session;

    /**
     * @param server        the meter's address as the client wrote it (answers carry the same)
     * @param authenticates false for a link whose associations are served by the decoy (other credentials)
     */
    HdlcLink(HdlcAddress client, HdlcAddress server, LinkParameters parameters, FrameSink sink, Station station,
             long ackTimeoutMs, boolean authenticates) {
        this.client = client;
        this.server = server;
        this.parameters = parameters;
        this.sink = sink;
        this.station = station;
        this.ackTimeoutMs = ackTimeoutMs;
        this.authenticates = authenticates;
    }

    int clientSap() {
        return client.upper();
    }

    LinkParameters parameters() {
        return parameters;
    }

    boolean authenticates() {
        return authenticates;
    }

    synchronized LinkSession session() {
        return session;
    }

    synchronized void session(LinkSession newSession) {
        session = newSession;
    }

    /** An I-frame of the client (called on the gateway's reader thread). */
    void onInformation(HdlcFrame frame) throws IOException {
        final byte[] complete;
        synchronized (this) {
            if (!open) {
                return;
            }
            if (transmitting) {
                reject(frame, FRMR_INVALID_CONTROL);
                return;
            }
            if (frame.sendSequence() != receiveState) {
                // Out of sequence (a frame got lost): drop it and name the one expected.
                if (frame.pollFinal()) {
                    sink.send(supervisory(true));
                }
                return;
            }
            if (frame.receiveSequence() != sendState) {
                reject(frame, FRMR_INVALID_NR);
                return;
            }
            if (frame.information().length > parameters.maxInfoReceive()) {
                reject(frame, FRMR_INFO_TOO_LONG);
                return;
            }
            if (++framesInWindow > parameters.windowReceive()) {
                reject(frame, FRMR_INVALID_CONTROL);
                return;
            }
            receiveState = (receiveState + 1) % 8;
            request.writeBytes(frame.information());
            if (frame.segmented()) {
                if (frame.pollFinal()) {
                    framesInWindow = 0;
                    sink.send(supervisory(true));
                }
                return;
            }
            framesInWindow = 0;
            final byte[] payload = request.toByteArray();
            request.reset();
            if (payload.length < LLC_COMMAND.length
                    || !Arrays.equals(payload, 0, LLC_COMMAND.length, LLC_COMMAND, 0, LLC_COMMAND.length)) {
                reject(frame, FRMR_INVALID_CONTROL);
                return;
            }
            complete = Arrays.copyOfRange(payload, LLC_COMMAND.length, payload.length);
        }
        station.delivered(this, complete);
    }

    /** An RR of the client: it acknowledges our frames up to N(R) and polls for the next window. */
    void onReceiveReady(HdlcFrame frame) throws IOException {
        synchronized (this) {
            if (!open) {
                return;
            }
            if (transmitting) {
                acknowledgements.add(frame.receiveSequence());
                return;
            }
            if (frame.pollFinal()) {
                sink.send(supervisory(true)); // polled with nothing to send
            }
        }
    }

    /**
     * Sends an answer APDU: LLC header, then segments of at most the negotiated information field, a window at a
     * time, waiting for the client's RR between windows (called on the association's thread).
     */
    void transmit(byte[] apdu) throws IOException {
        final byte[] payload = new byte[LLC_RESPONSE.length + apdu.length];
        System.arraycopy(LLC_RESPONSE, 0, payload, 0, LLC_RESPONSE.length);
        System.arraycopy(apdu, 0, payload, LLC_RESPONSE.length, apdu.length);
        final int segment = parameters.maxInfoTransmit();
        final int segments = Math.max(1, (payload.length + segment - 1) / segment);
        for (int i = 0; i < segments; i++) {
            final boolean last = i == segments - 1;
            final boolean windowEnd = last || (i + 1) % parameters.windowTransmit() == 0;
            final HdlcFrame frame;
            synchronized (this) {
                if (!open) {
                    throw new EOFException("HDLC link closed");
                }
                frame = new HdlcFrame(!last, client, server,
                        HdlcFrame.information(sendState, receiveState, windowEnd),
                        Arrays.copyOfRange(payload, i * segment, Math.min(payload.length, (i + 1) * segment)));
                sendState = (sendState + 1) % 8;
                unacknowledged.add(frame);
                transmitting = !last;
                if (last) {
                    unacknowledged.clear(); // the client's next I-frame acknowledges it (its N(R) is checked)
                }
            }
            sink.send(frame);
            if (windowEnd && !last) {
                awaitAcknowledgement();
            }
        }
    }

    /** Waits for the RR that acknowledges every frame sent; sends again what it does not acknowledge. */
    private void awaitAcknowledgement() throws IOException {
        while (true) {
            final Integer acknowledged;
            try {
                acknowledged = acknowledgements.poll(ackTimeoutMs, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EOFException("meter stopped");
            }
            if (acknowledged == null) {
                throw new SocketTimeoutException("no RR from the client within " + ackTimeoutMs + " ms");
            }
            if (acknowledged == CLOSED) {
                throw new EOFException("HDLC link closed");
            }
            final List<HdlcFrame> again;
            synchronized (this) {
                if (acknowledged == sendState) {
                    unacknowledged.clear();
                    return;
                }
                final int first = unacknowledged.isEmpty() ? sendState : unacknowledged.get(0).sendSequence();
                final int count = Math.floorMod(acknowledged - first, 8);
                if (count > unacknowledged.size()) {
                    reject(new HdlcFrame(false, server, client, HdlcFrame.receiveReady(acknowledged, true), null),
                            FRMR_INVALID_NR);
                    throw new EOFException("client acknowledged frames never sent");
                }
                unacknowledged.subList(0, count).clear();
                again = List.copyOf(unacknowledged);
            }
            for (HdlcFrame frame : again) {
                sink.send(frame);
            }
        }
    }

    /** Ends the link (DISC, a new SNRM, FRMR, the gateway's connection ending): its association ends too. */
    void close() {
        final LinkSession ending;
        synchronized (this) {
            if (!open) {
                return;
            }
            open = false;
            ending = session;
        }
        acknowledgements.add(CLOSED);
        if (ending != null) {
            ending.linkClosed();
        }
    }

    private HdlcFrame supervisory(boolean pollFinal) {
        return new HdlcFrame(false, client, server, HdlcFrame.receiveReady(receiveState, pollFinal), null);
    }

    /** FRMR (IEC 62056-46 6.4.4.4.3.7): the rejected control field, V(S) and V(R), the reason bits; the link ends. */
    private void reject(HdlcFrame frame, int reason) throws IOException {
        final byte[] information = {(byte) frame.control(), (byte) (receiveState << 5 | sendState << 1),
                (byte) reason};
        sink.send(new HdlcFrame(false, client, server, HdlcFrame.unnumbered(HdlcFrame.FRMR, frame.pollFinal()),
                information));
        station.rejected(this);
    }
}
