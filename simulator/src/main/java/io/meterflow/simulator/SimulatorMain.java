package io.meterflow.simulator;

import io.meterflow.simulator.dlms.DlmsFleet;
import io.meterflow.simulator.dlms.DlmsMeterEndpoint;
import io.meterflow.simulator.mqtt.MqttFleet;
import io.meterflow.simulator.dlms.DlmsFleetOptions;
import io.meterflow.simulator.dlms.push.PushFleet;
import io.meterflow.simulator.dlms.push.PushOptions;
import io.meterflow.simulator.journal.ServedJournal;
import io.meterflow.simulator.scenario.Protocol;
import io.meterflow.simulator.scenario.Scenario;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a simulated fleet from a scenario file as its own process (it is GPL-3.0 through jDLMS, so the
 * Apache-2.0 local stack starts it as a separate JVM rather than linking it). Prints one line per DLMS meter
 * ({@code DLMS <meterId> <host>:<port> client=<id> auth=<mechanism>}, with {@code hdlc=<physical address>
 * gateway=<name>} for a meter behind an HDLC gateway), then {@code SIMULATOR_READY}, and runs
 * until it is terminated. See docs/dlms.md.
 */
public final class SimulatorMain {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatorMain.class);

    private SimulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        final SimulatorOptions options;
        final Scenario scenario;
        try {
            options = SimulatorOptions.parse(args);
            scenario = Scenario.load(options.scenario());
        } catch (RuntimeException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        final ServedJournal journal = options.journal() == null ? ServedJournal.NONE
                : ServedJournal.open(options.journal());
        final DlmsFleet dlms = DlmsFleet.start(scenario.meters(Protocol.DLMS), options.startMs(),
                DlmsFleetOptions.DEFAULTS.withHost(options.host()).withCapturePeriod(options.capturePeriod())
                        .withProfileHistoryRows(options.profileHistoryRows()).withJournal(journal));
        final MqttFleet mqtt = MqttFleet.start(scenario.meters(Protocol.MQTT), options.mqttBroker(), options.startMs(),
                journal, options.mqttResumeDelay());
        final PushFleet push = startPushFleet(options, scenario);
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("Stopping the simulated fleet");
            try {
                mqtt.close();
            } catch (Exception e) {
                LOG.warn("Stopping the MQTT fleet: {}", e.toString());
            }
            dlms.close();
            if (push != null) {
                push.close();
            }
            journal.close();
            stopped.countDown();
        }, "simulator-shutdown"));

        dlms.endpoints().forEach(m -> System.out.printf("DLMS %s %s:%d client=%d auth=%s%s%n", m.meterId(), m.host(),
                m.port(), m.clientId(), m.auth().mechanism(), m.transport() == DlmsMeterEndpoint.Transport.HDLC
                        ? " hdlc=" + m.physicalAddress() + " gateway=" + m.gateway() : ""));
        if (options.inventoryFile() != null) {
            FleetInventory.writeJson(options.inventoryFile(), options.startMs(), dlms.endpoints(),
                    scenario.meters(Protocol.MQTT));
        }
        if (options.jdbcUrl() != null) {
            FleetInventory.upsert(options.jdbcUrl(), options.jdbcUser(), options.jdbcPassword(), dlms.endpoints(),
                    scenario.meters(Protocol.MQTT));
            FleetInventory.upsertPush(options.jdbcUrl(), options.jdbcUser(), options.jdbcPassword(),
                    scenario.meters(Protocol.PUSH));
        }
        System.out.println("SIMULATOR_READY dlms=" + dlms.endpoints().size() + " mqtt="
                + scenario.meters(Protocol.MQTT).size() + " push=" + (push == null ? 0 : push.meters().size()));
        System.out.flush();
        stopped.await();
    }

    /** PUSH meters start pushing only where the command line names a listener. */
    private static PushFleet startPushFleet(SimulatorOptions options, Scenario scenario) {
        if (scenario.meters(Protocol.PUSH).isEmpty()) {
            return null;
        }
        if (options.pushTargets().isEmpty()) {
            throw new IllegalArgumentException("the scenario has PUSH meters: --push-target is required");
        }
        final List<InetSocketAddress> targets = options.pushTargets().stream().map(t -> {
            final int colon = t.lastIndexOf(':');
            return new InetSocketAddress(t.substring(0, colon).trim(), Integer.parseInt(t.substring(colon + 1).trim()));
        }).toList();
        return PushFleet.start(scenario.meters(Protocol.PUSH), options.startMs(),
                PushOptions.perMeterInterval(targets, options.capturePeriod()), 4);
    }
}
