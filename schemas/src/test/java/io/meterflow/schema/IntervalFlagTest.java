package io.meterflow.schema;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** AMR profile status bytes as IDIS/DSMR meters write them, decoded into named flags. */
class IntervalFlagTest {

    @ParameterizedTest(name = "status {0} -> {1}")
    @CsvSource(delimiter = ';', value = {
            "0x00; ''",
            "0x80; POWER_DOWN",
            "0x20; CLOCK_ADJUSTED",
            "0x08; DAYLIGHT_SAVING",
            "0x28; DAYLIGHT_SAVING CLOCK_ADJUSTED",
            "0x06; CLOCK_INVALID DATA_NOT_VALID",
            "0x05; CRITICAL_ERROR DATA_NOT_VALID",
            "0xA4; DATA_NOT_VALID CLOCK_ADJUSTED POWER_DOWN",
            "0xFF; CRITICAL_ERROR CLOCK_INVALID DATA_NOT_VALID DAYLIGHT_SAVING CLOCK_ADJUSTED POWER_DOWN",
    })
    void decodesKnownStatusBytes(String status, String expected) {
        final List<IntervalFlag> flags = expected.isEmpty() ? List.of()
                : Arrays.stream(expected.split(" ")).map(IntervalFlag::valueOf).toList();

        assertThat(IntervalFlag.decode(Integer.decode(status))).containsExactlyElementsOf(flags);
    }

    @Test
    void reservedBitsFourAndSixHaveNoName() {
        assertThat(IntervalFlag.decode(0x50)).isEmpty();
    }

    @Test
    void noStatusColumnHasNoFlags() {
        assertThat(IntervalFlag.decode(null)).isEmpty();
    }

    @Test
    void encodingTheDecodedFlagsGivesTheNamedBitsBack() {
        assertThat(IntervalFlag.encode(IntervalFlag.decode(0xFF))).isEqualTo(0xAF);
        assertThat(IntervalFlag.encode(List.of(IntervalFlag.CLOCK_SUSPECT, IntervalFlag.POWER_DOWN))).isEqualTo(0x80);
    }
}
