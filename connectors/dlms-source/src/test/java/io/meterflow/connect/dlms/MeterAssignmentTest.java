package io.meterflow.connect.dlms;

import io.meterflow.connect.dlms.meter.AuthMechanism;
import io.meterflow.connect.dlms.meter.MeterAssignment;
import io.meterflow.connect.dlms.meter.MeterDefinition;
import io.meterflow.connect.dlms.meter.MeterTransport;
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
    void theMetersOfAGatewayStayInOneTaskAndTheRestSpreadAroundThem() {
        final List<MeterDefinition> meters = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            meters.add(meter("gw1-" + i).withTransport(MeterTransport.hdlc(15 + i, 256)));
        }
        for (int i = 1; i <= 3; i++) {
            meters.add(new MeterDefinition("gw2-" + i, "10.0.0.2", 4059, 1, 16, AuthMechanism.NONE, null, null, null,
                    null).withTransport(MeterTransport.hdlc(15 + i, 256)));
        }
        for (int i = 1; i <= 5; i++) {
            meters.add(meter("w-" + i)); // wrapper meters at the same address as gw1: not a gateway
        }
        final List<List<MeterDefinition>> tasks = MeterAssignment.spread(meters, 3);
        Collections.shuffle(meters);

        assertThat(MeterAssignment.spread(meters, 3)).isEqualTo(tasks);
        assertThat(tasks).extracting(t -> t.stream().map(m -> m.meterId().substring(0, m.meterId().indexOf('-')))
                .distinct().sorted().toList())
                .containsExactly(List.of("gw1"), List.of("gw2", "w"), List.of("w"));
        assertThat(tasks).extracting(List::size).containsExactly(6, 4, 4);
        assertThat(MeterAssignment.spread(meters, 10)).as("a gateway is never split to fill more tasks")
                .hasSize(7).filteredOn(t -> t.get(0).meterId().startsWith("gw1")).singleElement()
                .satisfies(t -> assertThat(t).hasSize(6));
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
        assertThat(a.withTransport(MeterTransport.hdlc(17, 256)).fingerprint()).isNotEqualTo(a.fingerprint())
                .isNotEqualTo(a.withTransport(MeterTransport.hdlc(18, 256)).fingerprint());
    }

    private static MeterDefinition meter(String id) {
        return new MeterDefinition(id, "10.0.0.1", 4059, 1, 16, AuthMechanism.NONE, null, null, null, null);
    }
}
