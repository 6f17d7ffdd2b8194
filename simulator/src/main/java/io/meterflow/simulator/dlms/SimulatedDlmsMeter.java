package io.meterflow.simulator.dlms;

import io.meterflow.simulator.dlms.cosem.ClockObject;
import io.meterflow.simulator.dlms.cosem.InvocationCounterObject;
import io.meterflow.simulator.dlms.cosem.LoadProfileObject;
import io.meterflow.simulator.dlms.cosem.Obis;
import io.meterflow.simulator.dlms.cosem.ProfileStatusObject;
import io.meterflow.simulator.dlms.cosem.RegisterObject;
import io.meterflow.simulator.dlms.fault.FaultInjector;
import io.meterflow.simulator.dlms.fault.InjectedFault;
import io.meterflow.simulator.dlms.hdlc.HdlcStation;
import io.meterflow.simulator.dlms.hdlc.LinkParameters;
import io.meterflow.simulator.dlms.hdlc.StationSetup;
import io.meterflow.simulator.dlms.security.InvocationCounters;
import io.meterflow.simulator.dlms.transport.ConnectionCounter;
import io.meterflow.simulator.dlms.transport.FaultyTcpTransport;
import io.meterflow.simulator.dlms.transport.MeterServerBuilder;
import io.meterflow.simulator.journal.ServedJournal;
import io.meterflow.simulator.physics.MeterPhysics;
import io.meterflow.simulator.scenario.Authentication;
import io.meterflow.simulator.scenario.HdlcAttachment;
import io.meterflow.simulator.scenario.MeterSpec;
import org.openmuc.jdlms.AuthenticationMechanism;
import org.openmuc.jdlms.CosemInterfaceObject;
import org.openmuc.jdlms.DlmsServer;
import org.openmuc.jdlms.LogicalDevice;
import org.openmuc.jdlms.SecuritySuite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.concurrent.ExecutorService;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * One simulated DLMS/COSEM meter: its COSEM objects, driven by {@link MeterPhysics}, served by jDLMS either on its own
 * TCP port (IEC 62056-47 wrapper) or as a station on an HDLC bus behind a gateway.
 */
final class SimulatedDlmsMeter implements AutoCloseable {

    static final int LOGICAL_DEVICE_ID = 1;
    /** The public client: no authentication, no ciphering; on an HLS meter it may read the invocation counter. */
    static final int PUBLIC_CLIENT_ID = 16;
    private static final String MANUFACTURER = "MFS";
    private static final int INACTIVITY_TIMEOUT_MS = 300_000;

    private final DlmsMeterEndpoint endpoint;
    private final ConnectionCounter connections;
    private final LoadProfileObject profile;
    private final List<RegisterObject> registers;
    private final InvocationCounters invocationCounters;
    private final MeterPhysics physics;
    private final LongSupplier clock;
    private final Runnable dropConnections;
    /** The meter's own server (wrapper); null for a meter on a bus, which its gateway serves. */
    private final DlmsServer server;
    /** The meter on its bus (HDLC); null for a wrapper meter. */
    private final HdlcStation station;

    private SimulatedDlmsMeter(DlmsMeterEndpoint endpoint, Parts parts, Runnable dropConnections, DlmsServer server,
                               HdlcStation station) {
        this.endpoint = endpoint;
        this.connections = parts.connections;
        this.profile = parts.objects.profile();
        this.registers = parts.objects.all().stream().filter(RegisterObject.class::isInstance)
                .map(RegisterObject.class::cast).toList();
        this.invocationCounters = parts.counters;
        this.physics = parts.physics;
        this.clock = parts.clock;
        this.dropConnections = dropConnections;
        this.server = server;
        this.station = station;
    }

    /** A meter with its own TCP port (IEC 62056-47 wrapper). */
    static SimulatedDlmsMeter start(MeterSpec spec, long startMs, DlmsFleetOptions options, ExecutorService threads,
                                    Consumer<InjectedFault> faultLog, BooleanSupplier faultsPaused) {
        final Parts parts = Parts.of(spec, startMs, options, faultLog, faultsPaused);
        try {
            final ServerSocket listener = new ServerSocket();
            listener.bind(new InetSocketAddress(InetAddress.getByName(options.host()), 0), 200);
            final FaultyTcpTransport[] transport = new FaultyTcpTransport[1];
            final DlmsServer server = parts.real.start(listener.getLocalPort(), (directory, settings) -> {
                transport[0] = new FaultyTcpTransport(spec.meterId(), listener, directory, parts.decoy.directory(),
                        settings, parts.faults, spec.behaviour().latency(), threads, parts.clock, parts.connections,
                        parts.counters);
                return transport[0];
            });
            return new SimulatedDlmsMeter(new DlmsMeterEndpoint(spec.meterId(), options.host(),
                    listener.getLocalPort(), LOGICAL_DEVICE_ID, parts.clientId, parts.auth), parts,
                    transport[0]::dropConnections, server, null);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start simulated meter " + spec.meterId(), e);
        }
    }

    /** A meter on an HDLC bus behind the gateway listening on {@code gatewayPort}; the gateway serves it. */
    static SimulatedDlmsMeter onBus(MeterSpec spec, long startMs, DlmsFleetOptions options, ExecutorService threads,
                                    Consumer<InjectedFault> faultLog, BooleanSupplier faultsPaused, int gatewayPort) {
        final Parts parts = Parts.of(spec, startMs, options, faultLog, faultsPaused);
        final HdlcAttachment bus = spec.hdlc();
        final HdlcStation station = new HdlcStation(new StationSetup(spec.meterId(), bus.physicalAddress(),
                LOGICAL_DEVICE_ID, parts.real.directory(), parts.decoy.directory(), parts.real.settings(gatewayPort),
                new LinkParameters(bus.maxInfoLength(), bus.maxInfoLength(), bus.window(), bus.window()),
                parts.faults, spec.behaviour().latency(), parts.clock, parts.connections, parts.counters, threads));
        return new SimulatedDlmsMeter(new DlmsMeterEndpoint(spec.meterId(), options.host(), gatewayPort,
                LOGICAL_DEVICE_ID, parts.clientId, parts.auth, DlmsMeterEndpoint.Transport.HDLC,
                bus.physicalAddress(), bus.gateway()), parts, station::dropLinks, null, station);
    }

    /** What every simulated meter has, however it is reached. */
    private record Parts(MeterPhysics physics, LongSupplier clock, Authentication auth, int clientId,
                         InvocationCounters counters, CosemObjects objects, MeterServerBuilder real,
                         MeterServerBuilder decoy, ConnectionCounter connections, FaultInjector faults) {

        static Parts of(MeterSpec spec, long startMs, DlmsFleetOptions options, Consumer<InjectedFault> faultLog,
                        BooleanSupplier faultsPaused) {
            final LongSupplier clock = options.clock();
            final MeterPhysics physics = new MeterPhysics(spec.behaviour(), spec.seed(), startMs);
            final Authentication auth = spec.behaviour().auth();
            final int clientId = clientIdFor(auth.mechanism());
            // HLS meters enforce replay protection, like every IDIS/DSMR meter; the others cipher nothing.
            final InvocationCounters counters = auth.mechanism() == Authentication.Mechanism.HLS5_GMAC
                    ? new InvocationCounters(auth.rejection()) : null;
            final CosemObjects objects = cosemObjects(physics, clock, options);
            // Only the real device journals: the decoy answers clients with wrong credentials, which get no data.
            final ServedJournal journal = options.journal();
            objects.energyImport().onServed(wh -> journal.registerServed(spec.meterId(), wh, clock.getAsLong()));
            objects.profile().onRowServed(capture -> journal.profileRowServed(spec.meterId(), capture,
                    clock.getAsLong()));
            final MeterServerBuilder real = new MeterServerBuilder(INACTIVITY_TIMEOUT_MS)
                    .registerLogicalDevice(logicalDevice(spec, clientId, auth, false,
                            withCounterObject(objects.all(), auth, counters, clientId)));
            final MeterServerBuilder decoy = new MeterServerBuilder(INACTIVITY_TIMEOUT_MS)
                    .registerLogicalDevice(logicalDevice(spec, clientId, auth, true,
                            withCounterObject(cosemObjects(physics, clock, options).all(), auth, counters, clientId)));
            final FaultInjector faults = new FaultInjector(spec.meterId(), spec.behaviour().failures(), physics,
                    spec.seed(), faultLog, faultsPaused);
            return new Parts(physics, clock, auth, clientId, counters, objects, real, decoy, new ConnectionCounter(),
                    faults);
        }
    }

    DlmsMeterEndpoint endpoint() {
        return endpoint;
    }

    ConnectionCounter connections() {
        return connections;
    }

    /** Cuts the meter's open associations (inactivity timeout, power dip); it keeps listening. */
    void dropConnections() {
        dropConnections.run();
    }

    /** The meter on its HDLC bus, null for a wrapper meter. */
    HdlcStation station() {
        return station;
    }

    /** The last invocation counter the meter accepted from its HLS client; empty if none (or not an HLS meter). */
    OptionalLong lastInvocationCounter() {
        return invocationCounters == null ? OptionalLong.empty()
                : invocationCounters.lastAcceptedIfAny(endpoint.clientId());
    }

    /** The register's value (scaler applied) as the meter reads it at true time {@code trueMs}. */
    BigDecimal registerValue(String obis, long trueMs) {
        return registers.stream().filter(r -> Obis.dotted(r.getInstanceId().bytes()).equals(obis)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("meter " + endpoint.meterId() + " has no register "
                        + obis)).valueAt(trueMs);
    }

    /** The load-profile row captured at {@code capture} (meter clock) as the meter holds it now, if it does. */
    Optional<Map<String, BigDecimal>> profileRow(long capture) {
        return profile.valuesAt(capture);
    }

    /** Capture time (meter clock, epoch ms) of the newest row the load profile holds now. */
    long newestProfileRow() {
        return profile.newestCapture();
    }

    /** The load-profile rows the meter holds now: capture time to the energy registers' raw values. */
    SortedMap<Long, List<Long>> heldProfileRows() {
        return profile.heldRows();
    }

    /** The meter clock minus true time now, in ms: what a perfect client would measure as drift. */
    long clockOffsetMs() {
        final long now = clock.getAsLong();
        return physics.meterTime(now) - now;
    }

    @Override
    public void close() {
        if (server == null) {
            return; // its gateway stops serving it
        }
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot stop simulated meter " + endpoint.meterId(), e);
        }
    }

    /** DLMS convention: public client 16 without authentication, 17 for LLS, 1 for HLS (management client). */
    static int clientIdFor(Authentication.Mechanism mechanism) {
        return switch (mechanism) {
            case NONE -> 16;
            case LOW -> 17;
            case HLS5_GMAC -> 1;
        };
    }

    private static LogicalDevice logicalDevice(MeterSpec spec, int clientId, Authentication auth, boolean decoy,
                                               List<CosemInterfaceObject> objects) {
        final LogicalDevice device = new LogicalDevice(LOGICAL_DEVICE_ID, "MeterFlowSim", MANUFACTURER,
                Math.abs(spec.seed() % 99_999_999L));
        // jDLMS: the master key must be set before the device is registered, for HLS and ciphering.
        device.setMasterKey(HexFormat.of().parseHex("00112233445566778899aabbccddeeff"));
        final SecuritySuite suite = securitySuite(auth, decoy);
        if (suite != null) {
            device.addRestriction(clientId, suite);
        }
        if (auth.mechanism() == Authentication.Mechanism.HLS5_GMAC && !decoy) {
            // Once one client is restricted jDLMS admits only restricted ones: the public client reads in the clear.
            device.addRestriction(PUBLIC_CLIENT_ID, SecuritySuite.builder().build());
        }
        device.registerCosemObject(objects);
        return device;
    }

    /** One set of COSEM objects per logical device (the decoy gets its own), all driven by the same physics. */
    private static CosemObjects cosemObjects(MeterPhysics physics, LongSupplier clock, DlmsFleetOptions options) {
        final RegisterObject energyImport = new RegisterObject(Obis.ENERGY_IMPORT, 0, RegisterObject.UNIT_WH, true,
                physics::importWh, clock);
        final RegisterObject energyExport = new RegisterObject(Obis.ENERGY_EXPORT, 0, RegisterObject.UNIT_WH, true,
                physics::exportWh, clock);
        final LoadProfileObject profile = new LoadProfileObject(physics, clock, options.capturePeriod(),
                options.profileHistoryRows(), List.of(energyImport, energyExport));
        return new CosemObjects(List.of(
                new ClockObject(physics, clock),
                new ProfileStatusObject(profile),
                energyImport,
                energyExport,
                new RegisterObject(Obis.VOLTAGE_L1, -1, RegisterObject.UNIT_V, false, physics::voltageV, clock),
                new RegisterObject(Obis.CURRENT_L1, -2, RegisterObject.UNIT_A, false, physics::currentA, clock),
                new RegisterObject(Obis.POWER_IMPORT, 0, RegisterObject.UNIT_W, false, physics::powerW, clock),
                profile), profile, energyImport);
    }

    /** An HLS meter's counter object (unless the scenario says the meter has none), next to its other objects. */
    private static List<CosemInterfaceObject> withCounterObject(List<CosemInterfaceObject> objects, Authentication auth,
                                                                InvocationCounters counters, int clientId) {
        if (counters == null || !auth.counterReadable()) {
            return objects;
        }
        final List<CosemInterfaceObject> all = new ArrayList<>(objects);
        all.add(new InvocationCounterObject(auth.counterObis(), () -> counters.lastAccepted(clientId)));
        return all;
    }

    private record CosemObjects(List<CosemInterfaceObject> all, LoadProfileObject profile, RegisterObject energyImport) {
    }

    /**
     * The credentials the meter demands; the decoy demands different ones (a NONE meter's decoy demands a
     * password), so a client with the meter's real credentials is rejected.
     */
    private static SecuritySuite securitySuite(Authentication auth, boolean decoy) {
        return switch (auth.mechanism()) {
            case NONE -> decoy ? lls("decoy-" + Long.toHexString(System.nanoTime())) : null;
            case LOW -> lls(decoy ? auth.password() + "-wrong" : auth.password());
            case HLS5_GMAC -> SecuritySuite.builder()
                    .setAuthenticationMechanism(AuthenticationMechanism.HLS5_GMAC)
                    .setEncryptionMechanism(SecuritySuite.EncryptionMechanism.AES_GCM_128)
                    .setAuthenticationKey(key(auth.authenticationKey(), decoy))
                    .setGlobalUnicastEncryptionKey(key(auth.encryptionKey(), decoy))
                    .build();
        };
    }

    private static SecuritySuite lls(String password) {
        return SecuritySuite.builder()
                .setAuthenticationMechanism(AuthenticationMechanism.LOW)
                .setPassword(password.getBytes(StandardCharsets.US_ASCII))
                .build();
    }

    private static byte[] key(String hex, boolean flipped) {
        final byte[] key = HexFormat.of().parseHex(hex);
        if (flipped) {
            for (int i = 0; i < key.length; i++) {
                key[i] = (byte) ~key[i];
            }
        }
        return key;
    }
}
