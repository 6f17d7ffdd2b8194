package io.meterflow.streams.intervals;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import static org.assertj.core.api.Assertions.assertThat;

/** The rows store's keys are what they were when String.format wrote them: stored rows stay found and sorted. */
class RowKeyTest {

    @Property(tries = 1000)
    void keysAreTheFormattedOnes(@ForAll String meterId, @ForAll long capturedAt) {
        assertThat(RowVersions.rowKey(meterId, capturedAt))
                .isEqualTo(meterId + '\u0000' + String.format("%015d", Math.max(0, capturedAt)));
    }
}
