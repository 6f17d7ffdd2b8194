package io.meterflow.simulator.dlms;

import io.meterflow.simulator.dlms.fault.InjectedFault;
import io.meterflow.simulator.dlms.hdlc.HdlcGateway;
import io.meterflow.simulator.scenario.MeterSpec;
import io.meterflow.simulator.scenario.Protocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.math.BigDecimal;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * it never collides with machine services), or, for meters of a scenario group with {@code hdlc}, stations on the
 * HDLC bus of a gateway that serves them all on one free port. Every failure the meters inject is recorded, so tests can compare
 * what a collector reported with what really happened.
 */
public final class DlmsFleet implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DlmsFleet.class);

    private final List<SimulatedDlmsMeter> meters;
    private final List<HdlcGateway> gateways;
    private final ExecutorService threads;
    private final ConcurrentLinkedQueue<InjectedFault> faults;
    private final AtomicBoolean faultsPaused;

    private DlmsFleet(List<SimulatedDlmsMeter> meters, List<HdlcGateway> gateways, ExecutorService threads,
                      ConcurrentLinkedQueue<InjectedFault> faults, AtomicBoolean faultsPaused) {
        this.faultsPaused = faultsPaused;
        this.meters = meters;
        this.gateways = gateways;
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
        final List<HdlcGateway> gateways = new ArrayList<>();
        final DlmsFleet fleet = new DlmsFleet(started, gateways, threads, faults, paused);
        try {
            final Map<String, List<MeterSpec>> buses = new LinkedHashMap<>();
            for (MeterSpec spec : specs) {
                if (spec.protocol() != Protocol.DLMS) {
                    continue;
                }
                if (spec.hdlc() == null) {
                    started.add(SimulatedDlmsMeter.start(spec, startMs, options, threads, faults::add, paused::get));
                } else {
                    buses.computeIfAbsent(spec.hdlc().gateway(), g -> new ArrayList<>()).add(spec);
                }
            }
            for (Map.Entry<String, List<MeterSpec>> bus : buses.entrySet()) {
                final ServerSocket listener = HdlcGateway.bind(options.host());
                final List<SimulatedDlmsMeter> onBus = new ArrayList<>();
                for (MeterSpec spec : bus.getValue()) {
                    onBus.add(SimulatedDlmsMeter.onBus(spec, startMs, options, threads, faults::add, paused::get,
                            listener.getLocalPort()));
                }
                started.addAll(onBus);
                gateways.add(HdlcGateway.start(bus.getKey(), listener,
                        onBus.stream().map(SimulatedDlmsMeter::station).toList()));
            }
        } catch (IOException e) {
            fleet.close();
            throw new UncheckedIOException("Cannot start an HDLC gateway on " + options.host(), e);
        } catch (RuntimeException e) {
            fleet.close();
            throw e;
        }
        LOG.info("Started {} simulated DLMS meters on {} ({} behind {} HDLC gateways)", started.size(), options.host(),
                started.stream().filter(m -> m.station() != null).count(), gateways.size());
        return fleet;
    }

    public List<DlmsMeterEndpoint> endpoints() {
        return meters.stream().map(SimulatedDlmsMeter::endpoint).toList();
    }

    public Map<String, DlmsMeterEndpoint> endpointsById() {
        return endpoints().stream().collect(Collectors.toMap(DlmsMeterEndpoint::meterId, Function.identity()));
    }

    /**
     * The HDLC gateways of the fleet, by name: each serves the meters of one bus on one TCP port (their endpoints
     * carry its host and port and their physical address).
     */
    public Map<String, HdlcGateway> gateways() {
        return gateways.stream().collect(Collectors.toMap(HdlcGateway::name, Function.identity()));
    }

    /**
     * Connections each meter accepted so far, by meter id (every meter listed, 0 if none): TCP connections of a
     * wrapper meter, HDLC links (SNRM answered with UA) of a meter behind a gateway. A collector that does not keep
     * associations open makes one per cycle.
     */
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

    /**
     * The value (scaler applied, in the register's unit) the meter's register {@code obis} reads at true time
     * {@code trueMs}: what a collector reading it then reports.
     */
    public BigDecimal registerValue(String meterId, String obis, long trueMs) {
        return meter(meterId).registerValue(obis, trueMs);
    }

    /**
     * The values (by OBIS, scaler applied) of the load-profile row the meter holds for capture time {@code capturedAt}
     * (meter clock, epoch ms); empty when it holds no such row now.
     */
    public Optional<Map<String, BigDecimal>> profileRow(String meterId, long capturedAt) {
        return meter(meterId).profileRow(capturedAt);
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
        gateways.forEach(HdlcGateway::close);
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
