package io.meterflow.simulator.dlms.push;

import io.meterflow.simulator.physics.MeterPhysics;
import io.meterflow.simulator.scenario.Authentication;
import io.meterflow.simulator.scenario.MeterSpec;
import io.meterflow.simulator.scenario.Protocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Simulated meters that push to a listener (scenario protocol PUSH). A meter with HLS5 keys in its scenario
 * authentication pushes ciphered (general-glo-ciphering with those keys), the others plain. First pushes are spread
 * over one interval.
 */
public final class PushFleet implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PushFleet.class);
    private static final long STEP_MS = 50;

    private final List<PushingMeter> meters;
    private final ScheduledExecutorService threads;

    private PushFleet(List<PushingMeter> meters, ScheduledExecutorService threads) {
        this.meters = meters;
        this.threads = threads;
    }

    /** Starts the PUSH meters of {@code specs} (others are skipped); scenario times are relative to {@code startMs}. */
    public static PushFleet start(List<MeterSpec> specs, long startMs, PushOptions options, int threads) {
        final List<MeterSpec> push = specs.stream().filter(s -> s.protocol() == Protocol.PUSH).toList();
        final List<PushingMeter> meters = new ArrayList<>();
        final long now = System.currentTimeMillis();
        for (int i = 0; i < push.size(); i++) {
            final MeterSpec spec = push.get(i);
            final Authentication auth = spec.behaviour().auth();
            final boolean ciphered = auth.encryptionKey() != null && auth.authenticationKey() != null;
            final long interval = (options.interval() != null ? options.interval()
                    : spec.behaviour().publishInterval()).toMillis();
            meters.add(new PushingMeter(spec.meterId(), new MeterPhysics(spec.behaviour(), spec.seed(), startMs),
                    System::currentTimeMillis, options, interval,
                    t -> spec.behaviour().silentAt(java.time.Duration.ofMillis(t - startMs)), options.targets().get(i % options.targets().size()),
                    ciphered ? HexFormat.of().parseHex(auth.encryptionKey()) : null,
                    ciphered ? HexFormat.of().parseHex(auth.authenticationKey()) : null,
                    now + interval * i / Math.max(1, push.size())));
        }
        final AtomicInteger number = new AtomicInteger();
        final ScheduledExecutorService pool = Executors.newScheduledThreadPool(Math.max(1, threads), r -> {
            final Thread t = new Thread(r, "push-meter-" + number.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        for (PushingMeter meter : meters) {
            pool.scheduleWithFixedDelay(() -> {
                try {
                    meter.step();
                } catch (RuntimeException e) {
                    LOG.warn("Push meter {} failed a step: {}", meter.meterId(), e.toString());
                }
            }, 0, STEP_MS, TimeUnit.MILLISECONDS);
        }
        LOG.info("{} push meters pushing to {}", meters.size(), options.targets());
        return new PushFleet(List.copyOf(meters), pool);
    }

    public List<PushingMeter> meters() {
        return meters;
    }

    public int acknowledgedPushes() {
        return meters.stream().mapToInt(m -> m.acknowledged().size()).sum();
    }

    public int failedAttempts() {
        return meters.stream().mapToInt(PushingMeter::failures).sum();
    }

    public boolean done() {
        return meters.stream().allMatch(PushingMeter::done);
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
