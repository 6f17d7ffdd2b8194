package io.meterflow.local.chaos;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The faults of one round, in turn: SIGKILL of a Connect worker (or each), of each streams-app instance, of the broker, of
 * Mosquitto and of query-api, PostgreSQL unreachable, a third streams-app instance added and then removed. Each killed
 * process is started again at once, as a supervisor (systemd, Kubernetes) would. The kills of Connect workers and
 * streams-app instances wait until the completeness ledger waits for a re-read, so they fall while backfill requests
 * are in flight.
 */
final class FaultPlan {

    private FaultPlan() {
    }

    /** @param everyWorker SIGKILL each Connect worker in turn, not only the first ({@code --short}) */
    static List<Fault> round(ChaosPipeline p, Duration databaseOutage, boolean everyWorker) {
        final List<Fault> faults = new ArrayList<>();
        for (int i = 0; i < (everyWorker ? p.connectWorkers() : 1); i++) {
            final int worker = i;
            faults.add(crash("SIGKILL Connect worker " + (i + 1), () -> p.connect(worker), () -> p.startConnect(worker),
                    FaultWindow.Cause.POLL_CUT, p));
        }
        for (int i = 0; i < 2; i++) {
            final int instance = i;
            faults.add(crash("SIGKILL streams-app instance " + (i + 1), () -> p.streams(instance),
                    () -> p.startStreams(instance), null, p));
        }
        // Connect revokes every task when the broker has been unreachable for 3 s: polls then in flight are cut.
        faults.add(crash("SIGKILL Kafka broker", p::broker, p::startBroker, FaultWindow.Cause.POLL_CUT));
        faults.add(crash("SIGKILL Mosquitto", p::mosquitto, p::startMosquitto,
                FaultWindow.Cause.MQTT_BROKER_RESTART));
        faults.add(crash("SIGKILL query-api", p::api, p::startApi, null));
        faults.add(simple("PostgreSQL unreachable for " + databaseOutage.toSeconds() + " s", () -> {
            p.database().cut();
            Pause.of(databaseOutage);
            p.database().restore();
            return Instant.now();
        }));
        faults.add(simple("streams-app instance 3 added", () -> {
            final Instant at = Instant.now();
            p.addStreamsInstance();
            return at;
        }));
        faults.add(simple("streams-app instance 3 removed", () -> {
            final Instant at = Instant.now();
            p.removeStreamsInstance();
            return at;
        }));
        return faults;
    }

    private static Fault crash(String name, Supplier<ChildProcess> target, Runnable restart,
                               FaultWindow.Cause excused) {
        return crash(name, target, restart, excused, null);
    }

    /**
     * @param midBackfill the pipeline whose ledger the kill waits for (it falls while the ledger waits for a
     *                    re-read), or null
     */
    private static Fault crash(String name, Supplier<ChildProcess> target, Runnable restart,
                               FaultWindow.Cause excused, ChaosPipeline midBackfill) {
        return new Fault() {
            private List<IntervalCheck.Requested> requested = List.of();
            private Duration waited = Duration.ZERO;

            @Override
            public String name() {
                return name;
            }

            @Override
            public Instant inject() {
                if (midBackfill != null) {
                    final Instant begin = Instant.now();
                    requested = midBackfill.awaitRangesRequested();
                    waited = Duration.between(begin, Instant.now());
                }
                final Instant at = Instant.now();
                target.get().kill();
                restart.run();
                return at;
            }

            @Override
            public FaultWindow.Cause excusedLoss() {
                return excused;
            }

            @Override
            public boolean midBackfill() {
                return midBackfill != null;
            }

            @Override
            public List<IntervalCheck.Requested> requestedAtKill() {
                return requested;
            }

            @Override
            public Duration backfillWait() {
                return waited;
            }
        };
    }

    private static Fault simple(String name, Supplier<Instant> action) {
        return new Fault() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Instant inject() {
                return action.get();
            }
        };
    }
}
