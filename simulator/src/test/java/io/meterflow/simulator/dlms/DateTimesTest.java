package io.meterflow.simulator.dlms;

import io.meterflow.simulator.dlms.cosem.DateTimes;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DateTimesTest {

    @Test
    void cosemDateTimeRoundTripsToTheHundredthOfASecond() {
        final long ms = 1_795_327_851_230L;
        assertThat(DateTimes.decode(DateTimes.encode(ms))).isEqualTo(ms);
        assertThat(DateTimes.decode(DateTimes.encode(ms + 9))).isEqualTo(ms);
    }
}
