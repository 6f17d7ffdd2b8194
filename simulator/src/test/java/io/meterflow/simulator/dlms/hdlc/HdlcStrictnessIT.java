package io.meterflow.simulator.dlms.hdlc;

import io.meterflow.simulator.dlms.DlmsFleet;
import io.meterflow.simulator.dlms.DlmsMeterEndpoint;
import io.meterflow.simulator.scenario.Scenario;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The simulated meters are as strict about HDLC as a conforming meter, frame by frame (a raw client, no jDLMS):
 * negotiation, check sequences, sequence numbers, information field length, window, segmentation both ways.
 */
class HdlcStrictnessIT {

    private static final HexFormat HEX = HexFormat.of();
    private static final int CLIENT = 16;
    /** AARQ of the public client: LN referencing without ciphering, no authentication (31 bytes). */
    private static final byte[] AARQ = HEX.parseHex("601da109060760857405080101be10040e01000000065f1f0400007e1f04b0");
    /** GET of the whole load profile buffer (class 7, 1.0.99.1.0.255, attribute 2). */
    private static final byte[] GET_PROFILE = HEX.parseHex("c001c100070100630100ff0200");

    private DlmsFleet fleet;
    private DlmsMeterEndpoint meter;
    private Socket socket;
    private HdlcFrameReader reader;
    private HdlcAddress server;

    @BeforeEach
    void start() throws IOException {
        fleet = DlmsFleet.start(Scenario.parse("""
                seed: 5
                groups:
                  - {idPrefix: m-, count: 2, protocol: DLMS, hdlc: {gateway: bus, maxInfoLength: 128}}
                """, "test").meters(), System.currentTimeMillis());
        meter = fleet.endpoints().get(1);
        server = HdlcAddress.server(meter.logicalDeviceId(), meter.physicalAddress());
        socket = new Socket(meter.host(), meter.port());
        socket.setSoTimeout(2_000);
        reader = new HdlcFrameReader(socket.getInputStream());
    }

    @AfterEach
    void stop() throws IOException {
        socket.close();
        fleet.close();
    }

    @Test
    void snrmIsAnsweredWithTheSmallerParametersAndDiscEndsTheLink() throws Exception {
        send(HdlcFrame.unnumbered(HdlcFrame.SNRM, true), new LinkParameters(2030, 100, 7, 7).encode());
        final HdlcFrame ua = answer();
        assertThat(ua.type()).isEqualTo(HdlcFrame.UA);
        assertThat(ua.pollFinal()).isTrue();
        assertThat(ua.source()).isEqualTo(server);
        assertThat(LinkParameters.fromSnrm(ua.information())).as("the meter's view: max 128, window 1")
                .isEqualTo(new LinkParameters(100, 128, 1, 1));

        send(HdlcFrame.unnumbered(HdlcFrame.DISC, true), null);
        assertThat(answer().type()).isEqualTo(HdlcFrame.UA);
        send(HdlcFrame.information(0, 0, true), llc(GET_PROFILE));
        assertThat(answer().type()).as("no link: disconnected mode").isEqualTo(HdlcFrame.DM);
    }

    @Test
    void aFrameWithABadCheckSequenceOrForAnotherAddressGetsNoAnswer() throws Exception {
        final byte[] snrm = frame(HdlcFrame.unnumbered(HdlcFrame.SNRM, true), null).encode();
        snrm[snrm.length - 2] ^= 0x01;
        socket.getOutputStream().write(snrm);
        final HdlcFrame forNobody = new HdlcFrame(false, HdlcAddress.server(1, 99), HdlcAddress.client(CLIENT),
                HdlcFrame.unnumbered(HdlcFrame.SNRM, true), null);
        socket.getOutputStream().write(forNobody.encode());
        expectSilence();
        assertThat(fleet.gateways().get("bus").discardedFrames()).isEqualTo(1);
        send(HdlcFrame.unnumbered(HdlcFrame.SNRM, true), null);
        assertThat(answer().type()).isEqualTo(HdlcFrame.UA);
    }

    @Test
    void aSegmentedRequestIsAcknowledgedAndASegmentedAnswerIsResentWhereTheClientAsksForIt() throws Exception {
        // The client receives at most 64 bytes per frame and sends at most 32: the AARQ takes two frames.
        send(HdlcFrame.unnumbered(HdlcFrame.SNRM, true), new LinkParameters(32, 64, 1, 1).encode());
        assertThat(LinkParameters.fromSnrm(answer().information())).isEqualTo(new LinkParameters(64, 32, 1, 1));
        final byte[] aarq = llc(AARQ);
        sendSegment(HdlcFrame.information(0, 0, true), java.util.Arrays.copyOfRange(aarq, 0, 32));
        final HdlcFrame rr = answer();
        assertThat(rr.type()).isEqualTo(HdlcFrame.RR);
        assertThat(rr.receiveSequence()).isEqualTo(1);
        send(HdlcFrame.information(1, 0, true), java.util.Arrays.copyOfRange(aarq, 32, aarq.length));
        final HdlcFrame aare = answer();
        assertThat(aare.sendSequence()).isZero();
        assertThat(aare.receiveSequence()).isEqualTo(2);
        assertThat(HEX.formatHex(aare.information())).as("LLC response header, then AARE").startsWith("e6e70061");

        send(HdlcFrame.information(2, 1, true), llc(GET_PROFILE));
        final HdlcFrame first = answer();
        assertThat(first.segmented()).isTrue();
        assertThat(first.pollFinal()).as("window 1: every frame passes the turn").isTrue();
        assertThat(first.information()).hasSize(64);
        send(HdlcFrame.receiveReady(1, true), null); // does not acknowledge the segment: send it again
        assertThat(answer()).isEqualTo(first);
        final ByteArrayOutputStream apdu = new ByteArrayOutputStream();
        apdu.writeBytes(first.information());
        HdlcFrame next = first;
        int expected = 2;
        while (next.segmented()) {
            send(HdlcFrame.receiveReady(expected, true), null);
            next = answer();
            assertThat(next.sendSequence()).isEqualTo(expected);
            expected = (expected + 1) % 8;
            apdu.writeBytes(next.information());
        }
        assertThat(HEX.formatHex(apdu.toByteArray())).as("get-response").startsWith("e6e700c4");
    }

    @Test
    void sequenceErrorsTooLongFieldsAndAnOverrunWindowAreRefused() throws Exception {
        send(HdlcFrame.unnumbered(HdlcFrame.SNRM, true), null); // defaults: 128 bytes, window 1
        answer();
        send(HdlcFrame.information(1, 0, true), llc(AARQ));
        final HdlcFrame rr = answer();
        assertThat(rr.type()).as("N(S) 1 where 0 is due: dropped, the expected frame named")
                .isEqualTo(HdlcFrame.RR);
        assertThat(rr.receiveSequence()).isZero();

        send(HdlcFrame.information(0, 3, true), llc(AARQ));
        final HdlcFrame invalidNr = answer();
        assertThat(invalidNr.type()).isEqualTo(HdlcFrame.FRMR);
        assertThat(invalidNr.information()[2]).as("reason Z: invalid N(R)").isEqualTo((byte) 0x08);

        send(HdlcFrame.unnumbered(HdlcFrame.SNRM, true), null);
        answer();
        send(HdlcFrame.information(0, 0, true), new byte[129]);
        final HdlcFrame tooLong = answer();
        assertThat(tooLong.type()).isEqualTo(HdlcFrame.FRMR);
        assertThat(tooLong.information()[2]).as("reason Y: information field too long").isEqualTo((byte) 0x04);

        // What jDLMS 1.8.0 does with a request longer than one field: segments without poll, no wait for RR.
        send(HdlcFrame.unnumbered(HdlcFrame.SNRM, true), null);
        answer();
        sendSegment(HdlcFrame.information(0, 0, false), llc(new byte[60]));
        sendSegment(HdlcFrame.information(1, 0, false), new byte[60]);
        assertThat(answer().type()).as("a second frame in a window of 1").isEqualTo(HdlcFrame.FRMR);
    }

    private static byte[] llc(byte[] apdu) {
        final byte[] payload = new byte[apdu.length + 3];
        payload[0] = (byte) 0xE6;
        payload[1] = (byte) 0xE6;
        System.arraycopy(apdu, 0, payload, 3, apdu.length);
        return payload;
    }

    private HdlcFrame frame(int control, byte[] information) {
        return new HdlcFrame(false, server, HdlcAddress.client(CLIENT), control, information);
    }

    private void send(int control, byte[] information) throws IOException {
        socket.getOutputStream().write(frame(control, information).encode());
    }

    private void sendSegment(int control, byte[] information) throws IOException {
        socket.getOutputStream().write(new HdlcFrame(true, server, HdlcAddress.client(CLIENT), control, information)
                .encode());
    }

    private HdlcFrame answer() throws IOException {
        final HdlcFrameReader.Result result = reader.next();
        assertThat(result).isInstanceOf(HdlcFrameReader.Frame.class);
        final HdlcFrame frame = ((HdlcFrameReader.Frame) result).frame();
        assertThat(frame.destination()).isEqualTo(HdlcAddress.client(CLIENT));
        return frame;
    }

    private void expectSilence() throws IOException {
        socket.setSoTimeout(500);
        try {
            assertThat(reader.next()).as("no answer").isNull();
        } catch (SocketTimeoutException expected) {
            // silence
        } finally {
            socket.setSoTimeout(2_000);
        }
    }
}
