package io.meterflow.connect.mqtt.session;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AckSequencerTest {

    private final List<Integer> acked = new ArrayList<>();
    private final AckSequencer acks = new AckSequencer((id, qos) -> acked.add(id));

    @Test
    void acknowledgesOnlyAfterKafkaTookEveryRecordAndInArrivalOrder() {
        final Delivery first = acks.arrived(1, 1);
        final Delivery second = acks.arrived(2, 1);
        final Delivery third = acks.arrived(3, 1);
        first.expectRecords(2);
        second.expectRecords(1);
        third.expectRecords(1);

        second.recordDone();
        third.recordDone();
        first.recordDone();
        assertThat(acked).as("nothing before the first message is complete").isEmpty();
        assertThat(acks.unacknowledged()).isEqualTo(3);

        first.recordDone();
        assertThat(acked).containsExactly(1, 2, 3);
        assertThat(acks.unacknowledged()).isZero();
    }

    @Test
    void messagesOfALostConnectionAreNeverAcknowledgedOnTheNextOne() {
        final Delivery old = acks.arrived(7, 1);
        old.expectRecords(1);
        acks.newConnection();
        final Delivery redelivered = acks.arrived(7, 1);
        redelivered.expectRecords(1);

        old.recordDone();
        assertThat(acked).isEmpty();
        redelivered.recordDone();
        assertThat(acked).containsExactly(7);
    }
}
