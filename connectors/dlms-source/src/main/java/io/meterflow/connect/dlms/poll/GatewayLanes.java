package io.meterflow.connect.dlms.poll;

import io.meterflow.connect.dlms.meter.MeterDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * One lane per HDLC gateway: the due cycles of the meters behind a gateway run one after the other, in the order they
 * fell due, so associations through a gateway never overlap (its serial bus carries one conversation, and many
 * gateways accept a single TCP connection). A lane holds no thread while it waits: the cycle that falls due while
 * the lane is idle runs at once on the poll thread it fell due on, the others queue. Meters without a gateway
 * (wrapper) run at once. A cycle never waits for anything but the cycles before it, so a dead meter costs the others
 * its own cycle: one response timeout (its failures back off, and its cycle does not retry within the lane).
 */
final class GatewayLanes implements GatewayHolds {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayLanes.class);

    private final Executor executor;
    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();

    /** @param executor runs a lane's next cycle after the lane waited for an abandoned connection attempt */
    GatewayLanes(Executor executor) {
        this.executor = executor;
    }

    /** Runs {@code cycle} of {@code meter} now, or after the cycles queued before it at the meter's gateway. */
    void run(MeterDefinition meter, Runnable cycle) {
        meter.gateway().ifPresentOrElse(gateway -> lane(gateway).submit(cycle), cycle);
    }

    @Override
    public void holdUntil(MeterDefinition meter, CompletableFuture<?> attempt) {
        meter.gateway().ifPresent(gateway -> lane(gateway).holdUntil(attempt));
    }

    private Lane lane(String gateway) {
        return lanes.computeIfAbsent(gateway, g -> new Lane(g, executor));
    }

    private static final class Lane {
        private final String gateway;
        private final Executor executor;
        private final ArrayDeque<Runnable> due = new ArrayDeque<>();
        private final List<CompletableFuture<?>> holds = new ArrayList<>();
        /** A thread is running the lane's cycles, or the lane waits for a hold. */
        private boolean active;

        Lane(String gateway, Executor executor) {
            this.gateway = gateway;
            this.executor = executor;
        }

        void submit(Runnable cycle) {
            synchronized (this) {
                due.add(cycle);
                if (active) {
                    return;
                }
                active = true;
            }
            drain();
        }

        synchronized void holdUntil(CompletableFuture<?> attempt) {
            holds.add(attempt);
        }

        private void drain() {
            while (true) {
                final Runnable next;
                synchronized (this) {
                    holds.removeIf(CompletableFuture::isDone);
                    if (!holds.isEmpty()) {
                        LOG.debug("Gateway {}: waiting for an abandoned connection attempt to end", gateway);
                        CompletableFuture.allOf(holds.toArray(CompletableFuture[]::new))
                                .whenComplete((ignored, failure) -> resume());
                        return;
                    }
                    next = due.poll();
                    if (next == null) {
                        active = false;
                        return;
                    }
                }
                try {
                    next.run();
                } catch (RuntimeException e) {
                    LOG.error("Gateway {}: a poll cycle failed unexpectedly; the lane goes on", gateway, e);
                }
            }
        }

        private void resume() {
            try {
                executor.execute(this::drain);
            } catch (RejectedExecutionException stopped) {
                // the task stopped: nothing more runs
            }
        }
    }
}
