package io.meterflow.connect.mqtt.session;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class TakeoverDetectorTest {

    private final TakeoverDetector detector = new TakeoverDetector(3, Duration.ofSeconds(10));

    @Test
    void aSessionThatHeldItsConnectionGivesUpAfterTheConfiguredQuickLosses() {
        long now = 0;
        detector.connected(now);
        assertThat(detector.lost(now += 60_000)).as("dropped after a minute of service").isFalse();
        for (int i = 0; i < 2; i++) {
            detector.connected(now += 500);
            assertThat(detector.lost(now += 1_000)).isFalse();
        }
        detector.connected(now += 500);
        assertThat(detector.lost(now + 1_000)).isTrue();
        assertThat(detector.quickLosses()).isEqualTo(3);
    }

    @Test
    void aNewcomerNeedsTwiceAsManyQuickLossesSoThePredecessorOfAMovedSessionGivesUpFirst() {
        long now = 0;
        for (int i = 0; i < 5; i++) {
            detector.connected(now);
            assertThat(detector.lost(now += 1_000)).as("quick loss %d of a session that never held on", i + 1)
                    .isFalse();
        }
        detector.connected(now);
        assertThat(detector.lost(now + 1_000)).isTrue();
        assertThat(detector.quickLosses()).isEqualTo(6);
    }

    @Test
    void aLossAfterALongConnectionOrFailedConnectsIsOrdinaryTrouble() {
        detector.connected(0);
        detector.lost(1_000);
        detector.connected(2_000);
        detector.lost(3_000);
        detector.connected(4_000);
        assertThat(detector.lost(60_000)).as("a broker restart after a minute of service").isFalse();
        assertThat(detector.lost(61_000)).as("lost again without having connected").isFalse();
        assertThat(detector.quickLosses()).isZero();
    }
}
