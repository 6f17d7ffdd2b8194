package io.meterflow.connect.dlms;

import io.meterflow.connect.dlms.meter.AuthMechanism;
import io.meterflow.connect.dlms.meter.MeterAssignment;
import io.meterflow.connect.dlms.meter.MeterDefinition;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class MeterAssignmentTest {

    @Test
    void spreadsEvenlyAndTheSameWayWhateverTheInputOrder() {
        final List<MeterDefinition> meters = new ArrayList<>(IntStream.rangeClosed(1, 23)
                .mapToObj(i -> meter("m-" + i)).toList());
        final List<List<MeterDefinition>> first = MeterAssignment.spread(meters, 4);
        Collections.shuffle(meters);
        final List<List<MeterDefinition>> second = MeterAssignment.spread(meters, 4);

        assertThat(first).isEqualTo(second);
        assertThat(first).extracting(List::size).containsExactly(6, 6, 6, 5);
        assertThat(first.stream().flatMap(List::stream).map(MeterDefinition::meterId).distinct()).hasSize(23);
    }

    @Test
    void neverMoreTasksThanMetersAndOneIdleTaskForNone() {
        assertThat(MeterAssignment.spread(List.of(meter("a"), meter("b")), 8)).hasSize(2);
        assertThat(MeterAssignment.spread(List.of(), 8)).containsExactly(List.of());
    }

    @Test
    void fingerprintChangesWithAnySettingButShowsNoSecret() {
        final MeterDefinition a = meter("a");
        final MeterDefinition moved = new MeterDefinition("a", "10.0.0.2", 4059, 1, 16, AuthMechanism.NONE, null,
                null, null, null);
        assertThat(a.fingerprint()).isNotEqualTo(moved.fingerprint()).hasSize(64);
        final MeterDefinition secret = new MeterDefinition("a", "h", 1, 1, 17, AuthMechanism.LOW,
                new org.apache.kafka.common.config.types.Password("hunter2"), null, null, null);
        assertThat(secret.toString()).doesNotContain("hunter2");
    }

    private static MeterDefinition meter(String id) {
        return new MeterDefinition(id, "10.0.0.1", 4059, 1, 16, AuthMechanism.NONE, null, null, null, null);
    }
}
