package io.meterflow.simulator.dlms.hdlc;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HdlcFrameTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void encodesTheSnrmOfTheStandardsExampleByteForByte() {
        // IEC 62056-46 / DLMS UA Green Book example: SNRM from client 16 to server 1, P set.
        final HdlcFrame snrm = new HdlcFrame(false, HdlcAddress.client(1), HdlcAddress.client(16),
                HdlcFrame.unnumbered(HdlcFrame.SNRM, true), null);
        assertThat(HEX.formatHex(snrm.encode())).isEqualTo("7ea00703219" + "30f017e");
    }

    @Test
    void decodesWhatItEncodesWithFourByteServerAddressesAndSegmentation() throws Exception {
        final HdlcFrame frame = new HdlcFrame(true, HdlcAddress.client(1), HdlcAddress.server(1, 4_000),
                HdlcFrame.information(3, 5, false), HEX.parseHex("e6e700c401c1000907"));
        final byte[] wire = frame.encode();
        final HdlcFrame decoded = HdlcFrame.decode(java.util.Arrays.copyOfRange(wire, 1, wire.length - 1));
        assertThat(decoded).isEqualTo(frame);
        assertThat(decoded.source()).isEqualTo(new HdlcAddress(1, 4_000, 4));
        assertThat(decoded.sendSequence()).isEqualTo(3);
        assertThat(decoded.receiveSequence()).isEqualTo(5);
        assertThat(decoded.segmented()).isTrue();
        assertThat(decoded.pollFinal()).isFalse();
    }

    @Test
    void rejectsAWrongHeaderOrFrameCheckSequence() {
        final byte[] wire = new HdlcFrame(false, HdlcAddress.server(1, 17), HdlcAddress.client(16),
                HdlcFrame.information(0, 0, true), HEX.parseHex("e6e600c001c100080000010000ff0200")).encode();
        final byte[] badHcs = java.util.Arrays.copyOfRange(wire, 1, wire.length - 1);
        badHcs[6] ^= 0x01;
        assertThatThrownBy(() -> HdlcFrame.decode(badHcs)).hasMessageContaining("HCS");
        final byte[] badFcs = java.util.Arrays.copyOfRange(wire, 1, wire.length - 1);
        badFcs[12] ^= 0x40;
        assertThatThrownBy(() -> HdlcFrame.decode(badFcs)).hasMessageContaining("FCS");
    }

    @Test
    void theReaderSkipsGarbageAndIdleFlagsAndReadsFramesSharingAFlag() throws Exception {
        final byte[] first = new HdlcFrame(false, HdlcAddress.server(1, 17), HdlcAddress.client(16),
                HdlcFrame.receiveReady(2, true), null).encode();
        // 0x7E inside a frame is data: HDLC of IEC 62056-46 does no byte stuffing.
        final byte[] second = new HdlcFrame(false, HdlcAddress.server(1, 17), HdlcAddress.client(16),
                HdlcFrame.information(0, 0, true), HEX.parseHex("e6e6007e7e7e")).encode();
        final byte[] stream = HEX.parseHex("0102" + HEX.formatHex(first) + "7e7e"
                + HEX.formatHex(second).substring(2));
        final HdlcFrameReader reader = new HdlcFrameReader(new ByteArrayInputStream(stream));
        assertThat(((HdlcFrameReader.Frame) reader.next()).frame().type()).isEqualTo(HdlcFrame.RR);
        assertThat(((HdlcFrameReader.Frame) reader.next()).frame().information()).containsExactly(
                HEX.parseHex("e6e6007e7e7e"));
    }

    @Test
    void negotiationTakesTheSmallerOfProposalAndLimitInEachDirection() throws Exception {
        // jDLMS proposes 2030 both ways and window 1 (its windows as 4-byte values).
        final LinkParameters proposal = LinkParameters.fromSnrm(HEX.parseHex(
                "818014050207ee060207ee070400000001080400000001"));
        assertThat(proposal).isEqualTo(new LinkParameters(2030, 2030, 1, 1));
        final LinkParameters limits = new LinkParameters(256, 128, 7, 7);
        assertThat(proposal.answer(limits)).isEqualTo(new LinkParameters(256, 128, 1, 1));
        final LinkParameters asymmetric = new LinkParameters(64, 100, 3, 2);
        assertThat(asymmetric.answer(limits)).as("the station's view: it transmits what the client receives")
                .isEqualTo(new LinkParameters(100, 64, 2, 3));
        assertThat(LinkParameters.fromSnrm(new LinkParameters(100, 64, 2, 3).encode()))
                .isEqualTo(new LinkParameters(100, 64, 2, 3));
        assertThatThrownBy(() -> LinkParameters.fromSnrm(HEX.parseHex("8180030501" + "10")))
                .hasMessageContaining("outside 32-2030");
    }
}
