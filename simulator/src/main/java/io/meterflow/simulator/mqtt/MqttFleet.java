package io.meterflow.simulator.mqtt;

import io.meterflow.simulator.scenario.MeterSpec;
import io.meterflow.simulator.scenario.Protocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.meterflow.simulator.journal.ServedJournal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The MQTT meters of a scenario, publishing their telemetry ({@link io.meterflow.simulator.physics.MeterPhysics})
 * to {@code meters/<meterId>/telemetry} every {@code publishInterval} at QoS 1, silent during their silences,
 * a {@code malformedRatio} share of payloads malformed. Most publish the {@code {"ts", "values"}} telemetry format
 * keyed by OBIS code; every fourth meter publishes MeterFlow's reading JSON, as a gateway would.
 */
public final class MqttFleet implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MqttFleet.class);

    private final List<MqttMeter> meters;
    private final ScheduledExecutorService scheduler;

    private MqttFleet(List<MqttMeter> meters, ScheduledExecutorService scheduler) {
        this.meters = meters;
        this.scheduler = scheduler;
    }

    /**
     * Connects every MQTT meter of {@code specs} (others are ignored) to {@code brokerUri} and starts publishing.
     *
     * @param startMs true time at which the scenario's relative times (silences, resets) start
     */
    public static MqttFleet start(List<MeterSpec> specs, String brokerUri, long startMs) {
        return start(specs, brokerUri, startMs, ServedJournal.NONE, Duration.ZERO);
    }

    /**
     * @param journal     records every publication the broker acknowledged
     * @param resumeDelay hold-back after a reconnect (zero: none, and publications missed while disconnected are
     *                    dropped); see {@link MqttMeter}
     */
    public static MqttFleet start(List<MeterSpec> specs, String brokerUri, long startMs, ServedJournal journal,
                                  Duration resumeDelay) {
        final List<MeterSpec> mqtt = specs.stream().filter(m -> m.protocol() == Protocol.MQTT).toList();
        final List<MqttMeter> meters = new ArrayList<>(mqtt.size());
        for (int i = 0; i < mqtt.size(); i++) {
            meters.add(new MqttMeter(mqtt.get(i), PayloadStyle.forMeter(i), brokerUri, startMs, journal, resumeDelay));
        }
        final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, r -> {
            final Thread t = new Thread(r, "mqtt-fleet");
            t.setDaemon(true);
            return t;
        });
        final MqttFleet fleet = new MqttFleet(meters, scheduler);
        for (int i = 0; i < meters.size(); i++) {
            final MqttMeter meter = meters.get(i);
            final MeterSpec spec = mqtt.get(i);
            meter.connect();
            final long interval = spec.behaviour().publishInterval().toMillis();
            final long latency = spec.behaviour().latency().toMillis();
            // Spread first publications over one interval (seeded) so a fleet does not publish in bursts.
            final long offset = Math.floorMod(spec.seed(), Math.max(1, interval));
            scheduler.scheduleAtFixedRate(() -> fleet.publish(meter, latency), offset, interval, TimeUnit.MILLISECONDS);
        }
        if (!resumeDelay.isZero()) {
            // Held-back payloads go out as soon as the hold ends, not at the meter's next period.
            scheduler.scheduleWithFixedDelay(fleet::flushAll, 200, 200, TimeUnit.MILLISECONDS);
        }
        LOG.info("MQTT fleet of {} meters publishing to {}", meters.size(), brokerUri);
        return fleet;
    }

    private void publish(MqttMeter meter, long latencyMs) {
        final long now = System.currentTimeMillis();
        try {
            if (latencyMs <= 0) {
                meter.tick(now);
            } else {
                scheduler.schedule(() -> meter.tick(now), latencyMs, TimeUnit.MILLISECONDS);
            }
        } catch (RuntimeException e) {
            // A failing meter must not cancel its schedule (scheduleAtFixedRate stops after an exception).
            LOG.warn("Meter {} failed to publish: {}", meter.meterId(), e.toString());
        }
    }

    private void flushAll() {
        for (MqttMeter meter : meters) {
            try {
                meter.flush();
            } catch (RuntimeException e) {
                // As in publish(): one failing meter must not cancel the schedule.
                LOG.warn("Meter {} failed to publish what it held back: {}", meter.meterId(), e.toString());
            }
        }
    }

    /** Payloads published so far by meter {@code meterId} (malformed ones included). */
    public long published(String meterId) {
        return meter(meterId).published();
    }

    /** Malformed payloads published so far by meter {@code meterId}. */
    public long malformed(String meterId) {
        return meter(meterId).malformed();
    }

    private MqttMeter meter(String meterId) {
        return meters.stream().filter(m -> m.meterId().equals(meterId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no MQTT meter " + meterId));
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        meters.forEach(MqttMeter::close);
        LOG.info("MQTT fleet stopped");
    }
}
