package io.meterflow.simulator.journal;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The simulator's own record of what its meters gave away, one line per fact, so a verifier can hold the pipeline's
 * topics against it (the fault suite, {@code ./meterflow chaos}). Lines are {@code <kind> <meterId> <value> <atMs>}:
 * <ul>
 *   <li>{@code MQTT <meterId> <meterTime> <ackedAt>}: a publication the MQTT broker acknowledged (QoS 1 PUBACK),
 *       so it is the broker's to deliver; {@code meterTime} is the payload's {@code ts};</li>
 *   <li>{@code REG <meterId> <Wh> <servedAt>}: the energy-import register value a DLMS meter answered a read with;</li>
 *   <li>{@code ROW <meterId> <captureTime> <servedAt>}: a load-profile row a DLMS meter answered a read with.</li>
 * </ul>
 * Each line is flushed when written: the journal is read while the simulator runs, and a crash must not take the
 * record of what was already served with it.
 */
public final class ServedJournal implements AutoCloseable {

    /** Records nothing: the simulator without {@code --journal}. */
    public static final ServedJournal NONE = new ServedJournal(null);

    private final BufferedWriter out;

    private ServedJournal(BufferedWriter out) {
        this.out = out;
    }

    public static ServedJournal open(Path file) {
        try {
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            return new ServedJournal(Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the journal " + file, e);
        }
    }

    public void mqttAcknowledged(String meterId, long meterTime, long ackedAt) {
        write("MQTT", meterId, meterTime, ackedAt);
    }

    public void registerServed(String meterId, long wattHours, long servedAt) {
        write("REG", meterId, wattHours, servedAt);
    }

    public void profileRowServed(String meterId, long captureTime, long servedAt) {
        write("ROW", meterId, captureTime, servedAt);
    }

    private void write(String kind, String meterId, long value, long at) {
        if (out == null) {
            return;
        }
        synchronized (out) {
            try {
                out.write(kind + ' ' + meterId + ' ' + value + ' ' + at + '\n');
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot write the journal", e);
            }
        }
    }

    @Override
    public void close() {
        if (out == null) {
            return;
        }
        synchronized (out) {
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot close the journal", e);
            }
        }
    }
}
