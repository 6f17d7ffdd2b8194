package io.meterflow.connect.dlms.security;

import org.junit.jupiter.api.Test;
import org.openmuc.jdlms.RawMessageData;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CounterTraceTest {

    @Test
    void everyApduSentTakesTheNextCounter() {
        final List<Long> used = new ArrayList<>();
        final CounterTrace trace = new CounterTrace(100, used::add);
        assertThat(trace.highestSent()).isEmpty();
        for (int i = 0; i < 3; i++) {
            trace.messageCaptured(message(RawMessageData.MessageSource.CLIENT, "c81e3000000064"));
            trace.messageCaptured(message(RawMessageData.MessageSource.SERVER, "cc2330000000031dd8"));
        }
        assertThat(used).containsExactly(100L, 101L, 102L);
        assertThat(trace.highestSent()).hasValue(102);
        assertThat(trace.meterExpects()).isEmpty();
    }

    @Test
    void recognisesTheInvocationCounterErrorWithOrWithoutTheWrapperHeader() {
        final CounterTrace bare = new CounterTrace(1, c -> { });
        bare.messageCaptured(message(RawMessageData.MessageSource.SERVER, "d8010600000009"));
        assertThat(bare.meterExpects()).hasValue(9);
        final CounterTrace framed = new CounterTrace(1, c -> { });
        framed.messageCaptured(message(RawMessageData.MessageSource.SERVER, "0001000100010007d80106ffffffff"));
        assertThat(framed.meterExpects()).hasValue(0xFFFF_FFFFL);
        final CounterTrace otherError = new CounterTrace(1, c -> { });
        otherError.messageCaptured(message(RawMessageData.MessageSource.SERVER, "d80105"));
        assertThat(otherError.meterExpects()).as("deciphering-error carries no counter").isEmpty();
    }

    @Test
    void overHdlcOnlyInformationFramesCarryAnApdu() {
        // As jDLMS 1.8.0 sent them to a simulated HLS5 meter behind a gateway: SNRM, AARQ and GET in I-frames, DISC.
        final List<Long> used = new ArrayList<>();
        final CounterTrace trace = new CounterTrace(7, used::add);
        trace.messageCaptured(message(RawMessageData.MessageSource.CLIENT,
                "7ea0210221039373f0818014050207ee060207ee070400000001080400000001b5d47e"));
        trace.messageCaptured(message(RawMessageData.MessageSource.CLIENT, "7ea0400221033207eee6e600cb31309502f90187"
                + "5343332ba48955106693a8886b4eb459bd61c97a0a46253be6dbfceeb2852b717f7f3c8559f5fb8e61a0e930867e"));
        trace.messageCaptured(message(RawMessageData.MessageSource.CLIENT, "7ea06002210354a688e6e600c851309502f902ef"
                + "5575c165a8493a333fe1d3802aac775bb64f71849e647465929f016690a5cb399a876d9015f51dfc1f3ee9314bd4f3"
                + "2315aa12c3bb5d1be9a22d1badc2ac991652220463bce1ccd9724a8b4c307e"));
        trace.messageCaptured(message(RawMessageData.MessageSource.CLIENT, "7ea008022103538a077e"));
        assertThat(used).containsExactly(7L, 8L);
    }

    @Test
    void findsTheInvocationCounterErrorInAnHdlcFrame() {
        final CounterTrace trace = new CounterTrace(1, c -> { });
        trace.messageCaptured(message(RawMessageData.MessageSource.SERVER,
                "7ea01421022330" + "0000" + "e6e700d8010600000004" + "0000" + "7e"));
        assertThat(trace.meterExpects()).hasValue(4);
    }

    @Test
    void recognisesTheDecipheringErrorGuruxAnswersToAnAarqWithAStaleCounter() {
        // Gurux DLMS 4.0.47, AARQ with counter 1 to a meter that accepted 50,000: exception-response, state-error
        // service-unknown, service-error deciphering-error, in a wrapper frame (as captured in GuruxMeterIT).
        final CounterTrace wrapper = new CounterTrace(1, c -> { });
        wrapper.messageCaptured(message(RawMessageData.MessageSource.SERVER, "0001000100010003d80205"));
        assertThat(wrapper.meterCouldNotDecipher()).isTrue();
        assertThat(wrapper.meterExpects()).isEmpty();
        final CounterTrace bare = new CounterTrace(1, c -> { });
        bare.messageCaptured(message(RawMessageData.MessageSource.SERVER, "d80205"));
        assertThat(bare.meterCouldNotDecipher()).isTrue();
        final CounterTrace hdlc = new CounterTrace(1, c -> { });
        hdlc.messageCaptured(message(RawMessageData.MessageSource.SERVER,
                "7ea01021022330" + "0000" + "e6e700d80205" + "0000" + "7e"));
        assertThat(hdlc.meterCouldNotDecipher()).isTrue();
        final CounterTrace counterError = new CounterTrace(1, c -> { });
        counterError.messageCaptured(message(RawMessageData.MessageSource.SERVER, "d8010600000009"));
        assertThat(counterError.meterCouldNotDecipher()).isFalse();
        final CounterTrace answer = new CounterTrace(1, c -> { });
        answer.messageCaptured(message(RawMessageData.MessageSource.SERVER, "cc2330000000031dd8"));
        answer.messageCaptured(message(RawMessageData.MessageSource.CLIENT, "d80205"));
        assertThat(answer.meterCouldNotDecipher()).as("an answer, and the client's own bytes").isFalse();
    }

    private static RawMessageData message(RawMessageData.MessageSource source, String hex) {
        return RawMessageData.builder().setMessageSource(source).setMessage(HexFormat.of().parseHex(hex)).build();
    }
}
