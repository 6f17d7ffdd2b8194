package io.meterflow.schema;

import java.util.Objects;

/**
 * One range of a meter-day's missing rows and its state.
 *
 * @param from      capture time of the first missing row, epoch ms, inclusive
 * @param to        capture time of the last missing row, epoch ms, inclusive
 * @param intervals rows the range lacks(ed)
 * @param state     where the range stands
 * @param attempts  re-reads asked so far
 * @param since     when the range entered its current state, epoch ms
 */
public record Gap(long from, long to, int intervals, GapState state, int attempts, long since) {

    public Gap {
        Objects.requireNonNull(state, "state");
        if (to < from || intervals < 1) {
            throw new IllegalArgumentException("a gap holds at least one interval: " + from + ".." + to);
        }
    }
}
