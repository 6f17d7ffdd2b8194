package io.meterflow.connect.dlms.hdlc;

import org.junit.jupiter.api.Test;
import org.openmuc.jdlms.RawMessageData;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

class HdlcTraceTest {

    private static final int UA = 0x73;
    private static final int I_FRAME = 0x10;
    private static final int I_SEGMENT = 0x00;

    @Test
    void readsTheFramesJdlmsShows() {
        // The UA a simulated meter with the maximum field answered, as jDLMS 1.8.0 reported it.
        final HdlcFrameView ua = HdlcFrameView.of(HexFormat.of().parseHex(
                "7ea01b03022173636f81800e050207ee060207ee070101080101459d7e")).orElseThrow();
        assertThat(ua.isUnnumberedAcknowledge()).isTrue();
        assertThat(ua.receiveLimit()).hasValue(2030);
        assertThat(HdlcFrameView.of(HexFormat.of().parseHex("d8010600000004"))).as("a bare APDU").isEmpty();
    }

    @Test
    void aRequestLongerThanTheMeterAcceptsIsNamedWithBothSizes() {
        final HdlcTrace trace = new HdlcTrace();
        trace.messageCaptured(server(UA, uaParameters(256, 128)));
        trace.messageCaptured(client(I_FRAME, false, 147));
        assertThat(trace.requestTooLong(2030)).hasValueSatisfying(why -> assertThat(why)
                .contains("at most 128 bytes", "proposed 2030", "147 bytes", "cannot send a request in segments",
                        "meter's HDLC setup"));
    }

    @Test
    void aProposalTheMeterTookAsItIsPointsAtTheSetting() {
        final HdlcTrace trace = new HdlcTrace();
        trace.messageCaptured(server(UA, uaParameters(128, 128)));
        trace.messageCaptured(client(I_SEGMENT, true, 116)); // jDLMS 1.8.0's broken first segment
        assertThat(trace.requestTooLong(128)).hasValueSatisfying(why -> assertThat(why)
                .contains("at most 128", "longer than that", "meter.hdlc.max.info.length", "hdlc_max_info_length"));
    }

    @Test
    void requestsThatFitExplainNothing() {
        final HdlcTrace trace = new HdlcTrace();
        trace.messageCaptured(server(UA, uaParameters(256, 256)));
        trace.messageCaptured(client(I_FRAME, false, 147));
        assertThat(trace.requestTooLong(2030)).isEmpty();
        assertThat(new HdlcTrace().requestTooLong(2030)).as("no UA seen").isEmpty();
    }

    private static byte[] uaParameters(int transmit, int receive) {
        return HexFormat.of().parseHex(String.format("81800e0502%04x0602%04x070101080101", transmit, receive));
    }

    private static RawMessageData server(int control, byte[] information) {
        return RawMessageData.builder().setMessageSource(RawMessageData.MessageSource.SERVER)
                .setMessage(frame(control, false, information)).build();
    }

    private static RawMessageData client(int control, boolean segmented, int informationLength) {
        return RawMessageData.builder().setMessageSource(RawMessageData.MessageSource.CLIENT)
                .setMessage(frame(control, segmented, new byte[informationLength])).build();
    }

    /** Flag, format, 2-byte server and 1-byte client address, control, HCS, information, FCS, flag. */
    private static byte[] frame(int control, boolean segmented, byte[] information) {
        final int length = 2 + 3 + 1 + 2 + information.length + 2;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x7E);
        out.write(0xA0 | (segmented ? 0x08 : 0) | length >> 8);
        out.write(length);
        out.writeBytes(new byte[] {0x02, 0x23, 0x21, (byte) control, 0, 0});
        out.writeBytes(information);
        out.writeBytes(new byte[] {0, 0, 0x7E});
        return out.toByteArray();
    }
}
