package io.meterflow.local.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The simulator's journal (simulator {@code ServedJournal}): what its meters served and published, one
 * {@link Entry} per line.
 */
record Journal(List<Entry> entries) {

    enum Kind { MQTT, REG, ROW }

    /**
     * @param value meter time of an MQTT publication, Wh of a served energy reading, capture time of a served row
     * @param at    when the broker acknowledged it, or the meter served it
     */
    record Entry(Kind kind, String meterId, long value, long at) {
    }

    static Journal read(Path file) {
        final List<Entry> entries = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                final String[] f = line.split(" ");
                if (f.length == 4) {
                    entries.add(new Entry(Kind.valueOf(f[0]), f[1], Long.parseLong(f[2]), Long.parseLong(f[3])));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the simulator's journal " + file, e);
        }
        return new Journal(List.copyOf(entries));
    }

    /** The entries served or acknowledged at or after {@code fromMs}. */
    Journal since(long fromMs) {
        return new Journal(entries.stream().filter(e -> e.at() >= fromMs).toList());
    }
}
