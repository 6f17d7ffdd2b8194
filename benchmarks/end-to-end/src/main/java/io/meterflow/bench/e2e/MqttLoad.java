package io.meterflow.bench.e2e;

import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The MQTT share of the fleet, published the way gateways and head-end systems do: a few connections publishing
 * for many meters, each reading on {@code meters/<meterId>/telemetry} at QoS 1 in the telemetry format the
 * simulator's meters use ({@code {"ts", "values"}}, ts = the meter's time of the reading). The simulator's MQTT
 * meters are one Paho client (and its threads) per meter, which cannot offer 100,000 meters on one machine.
 *
 * <p>An open-loop rate: every 10 ms the readings due since the last tick are published, whether or not the broker
 * kept up (a publication the client refuses because too many are in flight is counted as refused). Three kinds of
 * meter: the fleet ({@code mqtt-NNNNNN}, round robin, each meter every {@code meters ÷ rate} seconds), latency
 * probes ({@code probe-NNN}, one reading a second each, followed into the read model) and alert probes
 * ({@code reset-NNNNN}: a new one every 2 s publishes a reading and, a second later, a lower energy register: a
 * counter reset, whose CounterReset alert is followed to meter-alerts).
 */
final class MqttLoad implements AutoCloseable {

    static final String FLEET = "mqtt-";
    static final String PROBE = "probe-";
    static final String RESET = "reset-";
    static final int PROBES = 20;
    private static final int CONNECTIONS = 4;
    private static final long TICK_MS = 10;

    private final List<MqttAsyncClient> clients = new ArrayList<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        final Thread t = new Thread(r, "mqtt-load");
        t.setDaemon(true);
        return t;
    });
    private final int meters;
    private final AtomicLong offered = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final Map<String, Long> resetReadingAt = new ConcurrentHashMap<>();
    private final long[] probeDue = new long[PROBES];
    private volatile double rate;
    private long lastTickNanos;
    private double carry;
    private long next;
    private long nextResetProbeAt;
    private int resetProbes;
    private String pendingReset;
    private long pendingResetAt;
    private int connection;

    private MqttLoad(int meters) {
        this.meters = meters;
    }

    static MqttLoad start(String brokerUri, int meters) throws MqttException {
        final MqttLoad load = new MqttLoad(meters);
        for (int i = 0; i < CONNECTIONS; i++) {
            final MqttAsyncClient client = new MqttAsyncClient(brokerUri, "e2e-gateway-" + i, new MemoryPersistence());
            final MqttConnectOptions options = new MqttConnectOptions();
            options.setCleanSession(true);
            options.setMaxInflight(20_000);
            options.setAutomaticReconnect(true);
            client.connect(options).waitForCompletion(30_000);
            load.clients.add(client);
        }
        final long now = System.currentTimeMillis();
        for (int p = 0; p < PROBES; p++) {
            load.probeDue[p] = now + p * 1000L / PROBES;
        }
        load.nextResetProbeAt = now;
        load.lastTickNanos = System.nanoTime();
        load.ticker.scheduleAtFixedRate(load::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
        return load;
    }

    /** Sets the offered readings/s of the MQTT share (probes included). */
    void rate(double readingsPerSecond) {
        this.rate = readingsPerSecond;
    }

    long offered() {
        return offered.get();
    }

    long refused() {
        return refused.get();
    }

    /** When alert probe {@code meterId} published its counter reset (epoch ms), or null. */
    Long resetReadingAt(String meterId) {
        return resetReadingAt.get(meterId);
    }

    private void tick() {
        try {
            final long nanos = System.nanoTime();
            final long now = System.currentTimeMillis();
            if (rate <= 0) {
                lastTickNanos = nanos;
                return;
            }
            for (int p = 0; p < PROBES; p++) {
                if (probeDue[p] <= now) {
                    publish(PROBE + String.format("%03d", p), now, energy(now, p));
                    probeDue[p] += 1000;
                }
            }
            if (pendingReset != null && pendingResetAt <= now) {
                resetReadingAt.put(pendingReset, now);
                publish(pendingReset, now, 1.0);
                pendingReset = null;
            }
            if (nextResetProbeAt <= now && pendingReset == null) {
                pendingReset = RESET + String.format("%05d", resetProbes++);
                publish(pendingReset, now, 1_000_000.0);
                pendingResetAt = now + 1000;
                nextResetProbeAt = now + 2000;
            }
            final double fleetRate = Math.max(0, rate - PROBES - 1);
            carry += fleetRate * (nanos - lastTickNanos) / 1e9;
            lastTickNanos = nanos;
            final long due = (long) carry;
            carry -= due;
            for (long i = 0; i < due; i++) {
                final int meter = (int) (next++ % meters);
                publish(FLEET + String.format("%06d", meter), now, energy(now, meter));
            }
        } catch (RuntimeException e) {
            System.err.println("MQTT load tick failed: " + e);
        }
    }

    /** A cumulative import register that only grows with time (Wh), different per meter. */
    private static double energy(long now, int meter) {
        return Math.round((now / 1000.0) * 0.5 * 1000) / 1000.0 + (meter % 1000) * 1000;
    }

    private void publish(String meterId, long ts, double energyWh) {
        final String payload = "{\"ts\":" + ts + ",\"values\":{\"1.0.1.8.0.255\":" + energyWh
                + ",\"1.0.2.8.0.255\":0.0,\"1.0.1.7.0.255\":1500.0,\"1.0.32.7.0.255\":230.1}}";
        final MqttAsyncClient client = clients.get(connection++ % clients.size());
        try {
            client.publish("meters/" + meterId + "/telemetry", payload.getBytes(StandardCharsets.UTF_8), 1, false);
            offered.incrementAndGet();
        } catch (MqttException e) {
            refused.incrementAndGet();
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        for (MqttAsyncClient client : clients) {
            try {
                client.disconnectForcibly(1000, 1000);
                client.close(true);
            } catch (MqttException e) {
                // the run is over
            }
        }
    }
}
