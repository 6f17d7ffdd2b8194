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

    private static RawMessageData message(RawMessageData.MessageSource source, String hex) {
        return RawMessageData.builder().setMessageSource(source).setMessage(HexFormat.of().parseHex(hex)).build();
    }
}
