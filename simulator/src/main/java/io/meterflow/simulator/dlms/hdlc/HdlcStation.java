package io.meterflow.simulator.dlms.hdlc;

import io.meterflow.simulator.dlms.fault.Answers;
import io.meterflow.simulator.dlms.fault.FaultInjector;
import io.meterflow.simulator.dlms.security.CipheredApdus;
import io.meterflow.simulator.dlms.transport.AssociationBuffers;
import org.openmuc.jdlms.internal.association.Association;
import org.openmuc.jdlms.internal.transportlayer.server.ServerTcpLayer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One meter on an HDLC multi-drop bus: it reads every frame addressed to its physical address and logical device
 * and stays silent for everything else, and while it is in a silence period (a dead meter). SNRM opens a link with
 * negotiated parameters (UA; DM when the meter refuses), DISC ends it (UA, or DM when there was none), I-frames and
 * RR go to the link; a command for a client without a link is answered with DM. Each link's requests are served by
 * a jDLMS association; an HLS meter first checks the invocation counter of every ciphered request and answers a
 * replayed one with an exception-response and ends the association (the link stays up).
 */
public final class HdlcStation implements HdlcLink.Station {

    private static final Logger LOG = LoggerFactory.getLogger(HdlcStation.class);
    private static final long INACTIVITY_MS = 120_000;

    private final StationSetup setup;
    private final Map<Integer, HdlcLink> links = new ConcurrentHashMap<>();
    private final AtomicLong associationIds = new AtomicLong();
    private volatile InetAddress peer = InetAddress.getLoopbackAddress();

    public HdlcStation(StationSetup setup) {
        this.setup = setup;
    }

    public int physicalAddress() {
        return setup.physicalAddress();
    }

    public String meterId() {
        return setup.meterId();
    }

    /** A frame from the bus addressed to this station's physical address (the gateway's reader thread). */
    void onFrame(HdlcFrame frame, FrameSink sink, InetAddress from) throws IOException {
        final long now = setup.clock().getAsLong();
        if (frame.destination().upper() != setup.logicalDeviceId()) {
            return;
        }
        final int clientSap = frame.source().upper();
        peer = from;
        if (frame.type() == HdlcFrame.SNRM) {
            connect(frame, sink, now);
            return;
        }
        if (setup.faults().silentAt(now)) {
            return;
        }
        final HdlcLink link = links.get(clientSap);
        switch (frame.type()) {
            case HdlcFrame.DISC -> {
                if (link != null && links.remove(clientSap, link)) {
                    link.close();
                    // With the link's parameters, as jDLMS's own server and many meters answer: jDLMS's client
                    // fails to re-encode a UA without information field for its raw message listener.
                    sink.send(answer(frame, HdlcFrame.UA, link.parameters().encode()));
                } else {
                    sink.send(answer(frame, HdlcFrame.DM, null));
                }
            }
            case 0 -> {
                if (link == null) {
                    disconnectedMode(frame, sink);
                } else {
                    link.onInformation(frame);
                }
            }
            case HdlcFrame.RR -> {
                if (link == null) {
                    disconnectedMode(frame, sink);
                } else {
                    link.onReceiveReady(frame);
                }
            }
            default -> {
                if (frame.pollFinal()) {
                    sink.send(answer(frame, HdlcFrame.FRMR, new byte[] {(byte) frame.control(), 0, 0x01}));
                }
            }
        }
    }

    private void connect(HdlcFrame snrm, FrameSink sink, long now) throws IOException {
        if (!snrm.pollFinal()) {
            return; // SNRM is a command that must poll
        }
        final LinkParameters proposal;
        try {
            proposal = LinkParameters.fromSnrm(snrm.information());
        } catch (FrameException e) {
            LOG.debug("Meter {}: SNRM rejected: {}", setup.meterId(), e.getMessage());
            sink.send(answer(snrm, HdlcFrame.FRMR, new byte[] {(byte) snrm.control(), 0, 0x02}));
            return;
        }
        final FaultInjector.ConnectionFate fate = setup.faults().onAccept(now);
        if (fate == FaultInjector.ConnectionFate.IGNORE) {
            return;
        }
        final LinkParameters agreed = proposal.answer(setup.limits());
        final HdlcLink link = new HdlcLink(snrm.source(), snrm.destination(), agreed, sink, this, INACTIVITY_MS,
                fate != FaultInjector.ConnectionFate.REJECT_AUTH);
        final HdlcLink previous = links.put(link.clientSap(), link);
        if (previous != null) {
            previous.close(); // SNRM on a connected link resets it
        }
        setup.connections().accepted(now);
        sink.send(answer(snrm, HdlcFrame.UA, agreed.encode()));
    }

    private void disconnectedMode(HdlcFrame frame, FrameSink sink) throws IOException {
        if (frame.pollFinal()) {
            sink.send(answer(frame, HdlcFrame.DM, null));
        }
    }

    /** Ends every link, as the meter's inactivity timeout does once the gateway's connection is gone. */
    public void dropLinks() {
        links.values().forEach(HdlcLink::close);
        links.clear();
    }

    @Override
    public void delivered(HdlcLink link, byte[] apdu) {
        if (setup.invocationCounters() != null && replayed(link, apdu)) {
            return;
        }
        LinkSession session = link.session();
        if (session == null || session.ended()) {
            session = new LinkSession(new AnsweringLink(link), link.clientSap(), setup.logicalDeviceId(),
                    INACTIVITY_MS);
            link.session(session);
            final Association association = new Association(link.authenticates() ? setup.directory() : setup.decoy(),
                    session, associationIds.incrementAndGet(), setup.settings(),
                    new ServerTcpLayer.TcpServerConnectionInformation(peer));
            AssociationBuffers.shrink(association);
            try {
                setup.associations().execute(association);
            } catch (RejectedExecutionException stopped) {
                return;
            }
        }
        session.received(apdu);
    }

    /** Checks a ciphered request's invocation counter; a replayed one is answered and ends the link. */
    private boolean replayed(HdlcLink link, byte[] apdu) {
        final OptionalLong counter = CipheredApdus.invocationCounter(apdu);
        if (counter.isEmpty()) {
            return false;
        }
        final int client = link.clientSap();
        final boolean fresh = link.authenticates()
                ? setup.invocationCounters().accept(client, counter.getAsLong())
                : setup.invocationCounters().isFresh(client, counter.getAsLong());
        if (fresh) {
            return false;
        }
        LOG.info("Meter {}: invocation counter {} from client {} is not above {}; exception-response, link dropped",
                setup.meterId(), counter.getAsLong(), client, setup.invocationCounters().lastAccepted(client));
        try {
            link.transmit(setup.invocationCounters().rejection(client));
        } catch (IOException e) {
            LOG.debug("Meter {}: exception-response not sent: {}", setup.meterId(), e.toString());
        }
        // The association ends; the HDLC link stays up for the client's DISC (or its next AARQ).
        final LinkSession session = link.session();
        if (session != null) {
            session.linkClosed();
            link.session(null);
        }
        return true;
    }

    @Override
    public void rejected(HdlcLink link) {
        links.remove(link.clientSap(), link);
        link.close();
    }

    /** Answers of the association: delayed by the meter's latency; a GET answer may be lost (injected timeout). */
    private final class AnsweringLink implements LinkSession.Answers {
        private final HdlcLink link;

        AnsweringLink(HdlcLink link) {
            this.link = link;
        }

        @Override
        public void send(byte[] apdu) throws IOException {
            if (apdu.length > 0 && Answers.isGetAnswer(apdu[0] & 0xFF)
                    && setup.faults().onAnswer(setup.clock().getAsLong()) != FaultInjector.AnswerFate.SEND) {
                return;
            }
            Answers.delay(setup.latency().toMillis());
            link.transmit(apdu);
        }
    }

    private HdlcFrame answer(HdlcFrame command, int type, byte[] information) {
        return new HdlcFrame(false, command.source(), command.destination(),
                HdlcFrame.unnumbered(type, command.pollFinal()), information);
    }
}
