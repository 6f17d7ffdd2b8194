package io.meterflow.streams.errorstats;

import io.meterflow.schema.Reading;

/** One meter's tumbling window of one size that has not closed yet, with its running counts. */
public record OpenWindow(long sizeMs, long start, WindowCounts counts) {

    public static OpenWindow containing(long timestamp, long sizeMs) {
        return new OpenWindow(sizeMs, timestamp - Math.floorMod(timestamp, sizeMs), WindowCounts.empty());
    }

    public long end() {
        return start + sizeMs;
    }

    public boolean sameWindow(OpenWindow other) {
        return sizeMs == other.sizeMs && start == other.start;
    }

    public OpenWindow add(Reading reading) {
        return new OpenWindow(sizeMs, start, counts.add(reading));
    }
}
