package io.meterflow.local.chaos;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChaosOptionsTest {

    private static final Path HOME = Path.of("/repo");

    @Test
    void theShortFormIsOneRoundWithShortPausesAndEveryRunHasItsOwnDirectory() {
        final ChaosOptions options = ChaosOptions.parse(new String[] {"--short"}, HOME);
        assertThat(options.rounds()).isEqualTo(1);
        assertThat(options.settle()).isEqualTo(Duration.ofSeconds(5));
        assertThat(options.databaseOutage()).isEqualTo(Duration.ofSeconds(60));
        assertThat(options.runDir().getParent()).isEqualTo(Path.of("/repo/.chaos"));
        assertThat(options.runDir().getFileName().toString()).startsWith("run-");
    }

    @Test
    void theLongFormRunsThreeRoundsUnlessToldOtherwise() {
        assertThat(ChaosOptions.parse(new String[] {}, HOME).rounds()).isEqualTo(3);
        assertThat(ChaosOptions.parse(new String[] {"--rounds", "5", "--data-dir", "/tmp/c"}, HOME))
                .satisfies(o -> {
                    assertThat(o.rounds()).isEqualTo(5);
                    assertThat(o.runDir().getParent()).isEqualTo(Path.of("/tmp/c"));
                });
    }

    @Test
    void aBadCommandLineSaysWhatIsWrong() {
        assertThatThrownBy(() -> ChaosOptions.parse(new String[] {"--rounds", "0"}, HOME))
                .hasMessageContaining("--rounds must be a whole number of at least 1, not '0'");
        assertThatThrownBy(() -> ChaosOptions.parse(new String[] {"--rounds"}, HOME))
                .hasMessageContaining("--rounds needs a value");
        assertThatThrownBy(() -> ChaosOptions.parse(new String[] {"--fast"}, HOME))
                .hasMessageContaining("unknown option '--fast'").hasMessageContaining("usage: meterflow chaos");
    }
}
