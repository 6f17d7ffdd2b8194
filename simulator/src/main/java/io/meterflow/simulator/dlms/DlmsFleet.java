package io.meterflow.simulator.dlms;

import io.meterflow.simulator.dlms.fault.InjectedFault;
import io.meterflow.simulator.scenario.MeterSpec;
import io.meterflow.simulator.scenario.Protocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A fleet of simulated DLMS/COSEM meters, each a jDLMS server on its own free TCP port (taken from the OS, so
 * it never collides with machine services). Every failure the meters inject is recorded, so tests can compare
 * what a collector reported with what really happened.
 */
public final class DlmsFleet implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DlmsFleet.class);

    private final List<SimulatedDlmsMeter> meters;
    private final ExecutorService threads;
    private final ConcurrentLinkedQueue<InjectedFault> faults;
    private final AtomicBoolean faultsPaused;

    private DlmsFleet(List<SimulatedDlmsMeter> meters, ExecutorService threads,
                      ConcurrentLinkedQueue<InjectedFault> faults, AtomicBoolean faultsPaused) {
        this.faultsPaused = faultsPaused;
        this.meters = meters;
        this.threads = threads;
        this.faults = faults;
    }

    /** Starts the DLMS meters of {@code specs} (others are skipped), with scenario times relative to {@code startMs}. */
    public static DlmsFleet start(List<MeterSpec> specs, long startMs) {
        return start(specs, startMs, DlmsFleetOptions.DEFAULTS);
    }

    public static DlmsFleet start(List<MeterSpec> specs, long startMs, DlmsFleetOptions options) {
        final AtomicInteger threadNumber = new AtomicInteger();
        final ExecutorService threads = Executors.newCachedThreadPool(r -> {
            final Thread t = new Thread(r, "dlms-association-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        final ConcurrentLinkedQueue<InjectedFault> faults = new ConcurrentLinkedQueue<>();
        final List<SimulatedDlmsMeter> started = new ArrayList<>();
        final AtomicBoolean paused = new AtomicBoolean();
        final DlmsFleet fleet = new DlmsFleet(started, threads, faults, paused);
        try {
            for (MeterSpec spec : specs) {
                if (spec.protocol() == Protocol.DLMS) {
                    started.add(SimulatedDlmsMeter.start(spec, startMs, options, threads, faults::add, paused::get));
                }
            }
        } catch (RuntimeException e) {
            fleet.close();
            throw e;
        }
        LOG.info("Started {} simulated DLMS meters on {}", started.size(), options.host());
        return fleet;
    }

    public List<DlmsMeterEndpoint> endpoints() {
        return meters.stream().map(SimulatedDlmsMeter::endpoint).toList();
    }

    public Map<String, DlmsMeterEndpoint> endpointsById() {
        return endpoints().stream().collect(Collectors.toMap(DlmsMeterEndpoint::meterId, Function.identity()));
    }

    /** TCP connections each meter accepted so far, by meter id (every meter listed, 0 if none). */
    public Map<String, Long> connectionsAccepted() {
        return meters.stream().collect(Collectors.toMap(m -> m.endpoint().meterId(), m -> m.connections().count()));
    }

    /** When the meter first accepted a connection (true time, epoch ms), if it did. */
    public OptionalLong firstConnectionAt(String meterId) {
        return meter(meterId).connections().firstAt();
    }

    /** Cuts every open association of the meter, as the meter's inactivity timeout or a power dip would. */
    public void dropConnections(String meterId) {
        meter(meterId).dropConnections();
    }

    /** The last invocation counter the HLS meter accepted from its HLS client; empty before the first. */
    public OptionalLong lastInvocationCounter(String meterId) {
        return meter(meterId).lastInvocationCounter();
    }

    /** Capture time (meter clock, epoch ms) of the newest row the meter's load profile holds now. */
    public long newestProfileRow(String meterId) {
        return meter(meterId).newestProfileRow();
    }

    /**
     * The load-profile rows the meter holds now (what a range read of the whole buffer returns): capture time (meter
     * clock) to the raw values of its energy columns, import then export (scaler 0, Wh).
     */
    public SortedMap<Long, List<Long>> heldProfileRows(String meterId) {
        return meter(meterId).heldProfileRows();
    }

    /** The meter's clock minus true time now, in ms (it changes when a client sets the clock). */
    public long clockOffsetMs(String meterId) {
        return meter(meterId).clockOffsetMs();
    }

    private SimulatedDlmsMeter meter(String meterId) {
        return meters.stream().filter(m -> m.endpoint().meterId().equals(meterId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no simulated DLMS meter " + meterId));
    }

    /** Every failure injected so far, in the order they happened. */
    public List<InjectedFault> injectedFaults() {
        return List.copyOf(faults);
    }

    /** Stops (true) or resumes (false) failure injection and silences, e.g. to let a collector settle in a test. */
    public void pauseFaults(boolean pause) {
        faultsPaused.set(pause);
    }

    @Override
    public void close() {
        for (SimulatedDlmsMeter meter : meters) {
            try {
                meter.close();
            } catch (RuntimeException e) {
                LOG.warn("Stopping {}: {}", meter.endpoint().meterId(), e.toString());
            }
        }
        threads.shutdownNow();
    }
}
