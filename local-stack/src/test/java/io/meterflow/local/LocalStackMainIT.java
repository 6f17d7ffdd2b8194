package io.meterflow.local;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The launcher as a user runs it: a JVM that prints where everything is and stops cleanly on Ctrl-C (SIGINT). */
class LocalStackMainIT {

    @Test
    void ctrlCStopsTheWholeStackCleanly(@TempDir Path data) throws Exception {
        final Path out = data.resolve("console.txt");
        final String db = TestDatabases.name("mf_localstack_main_it");
        final Process process = new ProcessBuilder(List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dmeterflow.home=..",
                "-cp", System.getProperty("java.class.path"),
                LocalStackMain.class.getName(),
                "--data-dir", data.resolve("stack").toString(), "--kafka-port", "0", "--connect-port", "0",
                "--api-port", "0", "--streams-port", "0", "--db", db, "--no-simulator"))
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            Awaitility.await("local stack up").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                    .until(() -> !process.isAlive() || console(out).contains("Press Ctrl-C to stop."));
            assertThat(console(out)).contains("MeterFlow local stack is up", "Kafka bootstrap", "Kafka Connect");

            new ProcessBuilder("kill", "-INT", String.valueOf(process.pid())).start().waitFor();

            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("stopped after SIGINT").isTrue();
            assertThat(console(out)).contains("MeterFlow local stack stopped");
            assertThat(console(out)).doesNotContain("ERROR");
        } finally {
            process.destroyForcibly();
            TestDatabases.drop(db);
        }
    }

    private static String console(Path out) throws Exception {
        return Files.readString(out, StandardCharsets.UTF_8);
    }
}
