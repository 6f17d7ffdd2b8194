package io.meterflow.simulator;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimulatorOptionsTest {

    @Test
    void readsEveryOptionWithDefaultsForTheRest() {
        final SimulatorOptions options = SimulatorOptions.parse(new String[] {"--scenario", "s.yaml",
                "--capture-period", "PT1M", "--jdbc-url", "jdbc:postgresql://db/m", "--start-ms", "1000"});
        assertThat(options.scenario()).isEqualTo(Path.of("s.yaml"));
        assertThat(options.capturePeriod()).isEqualTo(Duration.ofMinutes(1));
        assertThat(options.startMs()).isEqualTo(1000);
        assertThat(options.host()).isEqualTo("127.0.0.1");
        assertThat(options.jdbcUser()).isEqualTo("postgres");
        assertThat(options.inventoryFile()).isNull();
        assertThat(options.journal()).isNull();
        assertThat(options.mqttResumeDelay()).isZero();
    }

    @Test
    void theFaultSuitesJournalAndHoldBack() {
        final SimulatorOptions options = SimulatorOptions.parse(new String[] {"--scenario", "s.yaml",
                "--journal", "run/journal.txt", "--mqtt-resume-delay", "PT5S"});
        assertThat(options.journal()).isEqualTo(Path.of("run/journal.txt"));
        assertThat(options.mqttResumeDelay()).isEqualTo(Duration.ofSeconds(5));
        assertThatThrownBy(() -> SimulatorOptions.parse(new String[] {"--scenario", "s", "--mqtt-resume-delay", "5s"}))
                .hasMessageContaining("bad value '5s' for --mqtt-resume-delay");
    }

    @Test
    void badCommandLinesSayWhatIsWrong() {
        assertThatThrownBy(() -> SimulatorOptions.parse(new String[] {})).hasMessageContaining("--scenario is required");
        assertThatThrownBy(() -> SimulatorOptions.parse(new String[] {"--scenario", "s", "--capture-period", "15m"}))
                .hasMessageContaining("bad value '15m' for --capture-period");
        assertThatThrownBy(() -> SimulatorOptions.parse(new String[] {"--scenario", "s", "--port", "1"}))
                .hasMessageContaining("unknown option --port");
        assertThatThrownBy(() -> SimulatorOptions.parse(new String[] {"--scenario"}))
                .hasMessageContaining("--scenario needs a value");
    }
}
