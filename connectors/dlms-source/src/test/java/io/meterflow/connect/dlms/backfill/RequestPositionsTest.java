package io.meterflow.connect.dlms.backfill;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RequestPositionsTest {

    private static final String P0 = RequestPositions.key("meter-backfill-requests", 0);
    private static final String P1 = RequestPositions.key("meter-backfill-requests", 1);

    @Test
    void aMeterWithoutStoredPositionHasAnsweredNothing() {
        final RequestPositions positions = new RequestPositions();
        assertThat(positions.answered("m1", P0, 0)).isFalse();
        assertThat(positions.offset("m1")).isEmpty();
    }

    @Test
    void anAnswerMarksItsRequestAndEveryEarlierOneOfThatPartitionAnsweredForThatMeterOnly() {
        final RequestPositions positions = new RequestPositions();
        assertThat(positions.answer("m1", P0, 41)).isEqualTo(Map.of(P0, 42L));
        assertThat(positions.answered("m1", P0, 41)).isTrue();
        assertThat(positions.answered("m1", P0, 7)).isTrue();
        assertThat(positions.answered("m1", P0, 42)).isFalse();
        assertThat(positions.answered("m1", P1, 3)).as("another partition").isFalse();
        assertThat(positions.answered("m2", P0, 3)).as("another meter").isFalse();
    }

    @Test
    void aLateAnswerOfAnEarlierRequestNeverMovesThePositionBack() {
        final RequestPositions positions = new RequestPositions();
        positions.answer("m1", P0, 50);
        assertThat(positions.answer("m1", P0, 10)).isEqualTo(Map.of(P0, 51L));
        assertThat(positions.answer("m1", P1, 5)).isEqualTo(Map.of(P0, 51L, P1, 6L));
    }

    @Test
    void committedOffsetsOfBackfillPartitionsAreReadBackAndOtherPartitionsIgnored() {
        final RequestPositions before = new RequestPositions();
        before.answer("m1", P0, 9);
        before.answer("m1", P1, 19);
        final Map<Map<String, String>, Map<String, Object>> committed = new HashMap<>();
        // Connect reads offsets back from JSON: small numbers come back as Integer.
        committed.put(RequestPositions.partition("m1"), Map.of(P0, 10, P1, 20L));
        committed.put(RequestPositions.partition("m2"), null);
        committed.put(Map.of("meterId", "m3", "profile", "1.0.99.1.0.255"), Map.of("capturedAt", 5L));
        final RequestPositions after = RequestPositions.fromCommitted(committed);
        assertThat(after.offset("m1")).isEqualTo(before.offset("m1"));
        assertThat(after.answered("m1", P1, 19)).isTrue();
        assertThat(after.offset("m2")).isEmpty();
        assertThat(after.offset("m3")).isEmpty();
    }

    @Test
    void thePartitionNamesTheMeterAndTheStreamInAFixedOrder() {
        assertThat(RequestPositions.partition("m1").keySet()).containsExactly("meterId", "stream");
        assertThat(RequestPositions.partition("m1")).containsEntry("stream", "backfill");
    }
}
