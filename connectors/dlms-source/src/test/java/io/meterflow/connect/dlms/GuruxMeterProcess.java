package io.meterflow.connect.dlms;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;

/**
 * A meter built on Gurux DLMS for Java (module interop/gurux-peer, GPL-2.0) in its own JVM: MeterFlow's tests talk
 * to it over TCP and read what it holds and decides from its stdout, one line per event. Gurux never joins this
 * JVM's class path.
 */
final class GuruxMeterProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("listening port=(\\d+) .*");
    private static final Pattern REGISTER = Pattern.compile(
            "register obis=(\\S+) value=(-?\\d+) scaler=(-?\\d+) unit=(\\d+)");
    private static final Pattern ROW = Pattern.compile("row at=(\\d+) status=(\\d+) energy=(\\d+)");
    private static final Pattern COUNTER = Pattern.compile("counter client=(\\d+) (accepted|rejected)\\S*.*");

    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final int port;

    private GuruxMeterProcess(Process process, Path log) {
        this.process = process;
        final Thread pump = new Thread(() -> pump(log), "gurux-meter-stdout");
        pump.setDaemon(true);
        pump.start();
        await("the Gurux meter listens (log " + log + ")").atMost(Duration.ofSeconds(30))
                .until(() -> listeningPort() > 0 || !process.isAlive());
        if (!process.isAlive()) {
            throw new IllegalStateException("the Gurux meter exited with " + process.exitValue() + ": " + lines);
        }
        port = listeningPort();
    }

    /**
     * Starts {@code GuruxPeer meter} with these options in a JVM whose default time zone is {@code zone} (the meter's
     * local time).
     */
    static GuruxMeterProcess start(String zone, Path log, String... options) {
        final List<String> command = GuruxPeerCommand.of("meter", zone, List.of("-Xmx96m"), List.of(options));
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            Files.deleteIfExists(log);
            return new GuruxMeterProcess(new ProcessBuilder(command).redirectErrorStream(true).start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void pump(Path log) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
                Files.writeString(log, line + System.lineSeparator(), StandardCharsets.UTF_8,
                        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    private int listeningPort() {
        for (String line : lines) {
            final Matcher m = LISTENING.matcher(line);
            if (m.matches()) {
                return Integer.parseInt(m.group(1));
            }
        }
        return 0;
    }

    int port() {
        return port;
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    /** The registers the meter holds, by OBIS. */
    Map<String, Register> registers() {
        final Map<String, Register> registers = new HashMap<>();
        for (String line : lines) {
            final Matcher m = REGISTER.matcher(line);
            if (m.matches()) {
                registers.put(m.group(1), new Register(Long.parseLong(m.group(2)), Integer.parseInt(m.group(3)),
                        Integer.parseInt(m.group(4))));
            }
        }
        return registers;
    }

    /** Every load-profile row the meter has captured so far, by capture time (epoch ms). */
    Map<Long, Row> rows() {
        final Map<Long, Row> rows = new HashMap<>();
        for (String line : lines) {
            final Matcher m = ROW.matcher(line);
            if (m.matches()) {
                rows.put(Long.parseLong(m.group(1)), new Row(Integer.parseInt(m.group(2)), Long.parseLong(m.group(3))));
            }
        }
        return rows;
    }

    /** Invocation counter decisions ("accepted" / "rejected") in order. */
    List<String> counterDecisions() {
        final List<String> decisions = new ArrayList<>();
        for (String line : lines) {
            final Matcher m = COUNTER.matcher(line);
            if (m.matches()) {
                decisions.add(m.group(2));
            }
        }
        return decisions;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    record Register(long raw, int scaler, int unit) {
    }

    record Row(int status, long energy) {
    }
}
