package io.meterflow.connect.dlms.poll;

import io.meterflow.connect.dlms.meter.AuthMechanism;
import io.meterflow.connect.dlms.meter.MeterDefinition;
import io.meterflow.connect.dlms.meter.MeterTransport;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class GatewayLanesTest {

    private static final MeterDefinition GW1_A = hdlc("a", "gw1", 17);
    private static final MeterDefinition GW1_B = hdlc("b", "GW1", 18);
    private static final MeterDefinition GW2_C = hdlc("c", "gw2", 17);
    private static final MeterDefinition WRAPPER = new MeterDefinition("w", "gw1", 4059, 1, 16, AuthMechanism.NONE,
            null, null, null, null);

    @Test
    void cyclesOfOneGatewayQueueBehindEachOtherWhileOthersRunAtOnce() {
        final GatewayLanes lanes = new GatewayLanes(Runnable::run);
        final List<String> log = new CopyOnWriteArrayList<>();
        lanes.run(GW1_A, () -> {
            log.add("a starts");
            lanes.run(GW1_B, () -> log.add("b")); // same gateway (host case aside): waits for a
            lanes.run(GW2_C, () -> log.add("c")); // another gateway: runs now
            lanes.run(WRAPPER, () -> log.add("w")); // no gateway: runs now
            log.add("a ends");
        });
        assertThat(log).containsExactly("a starts", "c", "w", "a ends", "b");
    }

    @Test
    void anAbandonedConnectionAttemptKeepsItsGatewayBusyUntilItEnds() {
        final GatewayLanes lanes = new GatewayLanes(Runnable::run);
        final List<String> log = new CopyOnWriteArrayList<>();
        final CompletableFuture<Void> lateConnect = new CompletableFuture<>();
        lanes.run(GW1_A, () -> {
            lanes.holdUntil(GW1_A, lateConnect);
            lanes.holdUntil(WRAPPER, new CompletableFuture<>()); // no gateway, nothing to hold
            lanes.run(GW1_B, () -> log.add("b"));
            log.add("a gave up");
        });
        lanes.run(GW2_C, () -> log.add("c"));
        assertThat(log).containsExactly("a gave up", "c");
        lanes.run(GW1_A, () -> log.add("a again"));
        assertThat(log).containsExactly("a gave up", "c");

        lateConnect.complete(null);
        assertThat(log).containsExactly("a gave up", "c", "b", "a again");
    }

    @Test
    void neverTwoCyclesOfAGatewayAtOnceOnManyThreads() throws Exception {
        final ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            final GatewayLanes lanes = new GatewayLanes(pool);
            final AtomicInteger inside = new AtomicInteger();
            final AtomicInteger mostInside = new AtomicInteger();
            final AtomicInteger done = new AtomicInteger();
            for (int i = 0; i < 400; i++) {
                final MeterDefinition meter = i % 2 == 0 ? GW1_A : GW1_B;
                pool.execute(() -> lanes.run(meter, () -> {
                    mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                    Thread.onSpinWait();
                    inside.decrementAndGet();
                    done.incrementAndGet();
                }));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> done.get() == 400);
            assertThat(mostInside).hasValue(1);
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static MeterDefinition hdlc(String id, String host, int physical) {
        return new MeterDefinition(id, host, 4059, 1, 16, AuthMechanism.NONE, null, null, null, null)
                .withTransport(MeterTransport.hdlc(physical, 2030));
    }
}
