package io.meterflow.local.chaos;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * {@code ./meterflow chaos}: the pipeline as separate processes under steady DLMS and MQTT load, the faults of
 * {@link FaultPlan} in turn, the API's recovery after each, then the {@link Verifier} and the {@link SecretScan}.
 * The report's last line is {@code faults survived N, records checked N, lost N, duplicated N, worst recovery N s}.
 */
final class FaultSuite {

    private static final Duration RECOVERY_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(120);
    /** A DLMS poll served this long before its worker's SIGKILL may have died with it. */
    private static final long POLL_CUT_MS = 5_000;
    /** Mosquitto acknowledges and drops until the connector's sessions subscribe again (docs/mqtt.md). */
    private static final long BROKER_GAP_LEAD_MS = 2_000;
    /**
     * Capture times missing up to this long before the last fault's end are judged: the re-read loop of one (counted
     * missing 90 s after capture, asked within 5 s, read in the meter's next 10-s cycle) ends well within it.
     */
    private static final Duration LEDGER_SETTLE = Duration.ofMinutes(2);
    /** How long the suite waits, before it stops the fleet, for the ledger to finish what it judges. */
    private static final Duration LEDGER_REST_TIMEOUT = Duration.ofSeconds(90);

    private final ChaosOptions options;
    private final Consumer<String> out;
    private final List<String> report = new ArrayList<>();
    private volatile ChaosPipeline running;

    FaultSuite(ChaosOptions options, Consumer<String> out) {
        this.options = options;
        this.out = out;
    }

    /** Runs the suite; true when nothing was lost or duplicated, every fault recovered and no secret leaked. */
    boolean run() {
        final ChaosSecrets secrets = ChaosSecrets.random();
        final Instant begin = Instant.now();
        say("Fault suite: " + options.rounds() + " round(s), run directory " + options.runDir());
        try (ChaosPipeline pipeline = ChaosPipeline.start(options, secrets)) {
            running = pipeline;
            say(String.format("Pipeline up in %.0f s (broker, 2 Connect workers, 2 streams-app, query-api, simulator,"
                    + " Mosquitto, PostgreSQL via proxy)", seconds(begin, Instant.now())));
            final RecoveryProbe probe = new RecoveryProbe(pipeline.apiUrl(), pipeline.apiKey(),
                    List.of(ChaosScenario.MQTT_PROBE, ChaosScenario.DLMS_PROBE));
            final Optional<Double> first = probe.await(begin, RECOVERY_TIMEOUT);
            say("First readings through the API after " + first.map(s -> String.format("%.0f s", s)).orElse("never")
                    + "; the verifier checks what the fleet served and published from then on (before, the MQTT"
                    + " broker had no subscriber for the meters' messages yet)");
            final List<FaultWindow> windows = new ArrayList<>();
            final List<Kill> kills = new ArrayList<>();
            int survived = 0;
            int faults = 0;
            double worst = 0;
            for (int round = 1; round <= options.rounds(); round++) {
                for (Fault fault : FaultPlan.round(pipeline, options.databaseOutage(), !options.shortRun())) {
                    Pause.of(options.settle());
                    faults++;
                    final Instant injected = Instant.now();
                    final Instant from = fault.inject();
                    final Optional<Double> recovery = probe.await(from, RECOVERY_TIMEOUT);
                    window(fault, injected, Instant.now()).ifPresent(windows::add);
                    if (recovery.isPresent()) {
                        survived++;
                        worst = Math.max(worst, recovery.get());
                    }
                    if (fault.midBackfill()) {
                        kills.add(new Kill(fault.name(), from.toEpochMilli(), fault.requestedAtKill()));
                    }
                    say(String.format("round %d: %-40s %s%s", round, fault.name(), recovery
                            .map(s -> String.format("API back after %.1f s", s)).orElse("NOT RECOVERED within "
                                    + RECOVERY_TIMEOUT.toSeconds() + " s"), fault.midBackfill()
                            ? String.format(", ranges awaiting a re-read at the kill: %d (waited %.0f s for them)",
                            fault.requestedAtKill().size(), fault.backfillWait().toMillis() / 1000.0) : ""));
                }
            }
            Pause.of(options.settle());
            final Instant stopped = Instant.now();
            final long cutoff = stopped.minus(LEDGER_SETTLE).toEpochMilli();
            final IntervalCheck intervalCheck = new IntervalCheck(m -> m.startsWith(ChaosScenario.RING_PREFIX),
                    ChaosPipeline.ESTIMATION_MAX_GAP.toMillis());
            awaitLedgerAtRest(pipeline, intervalCheck, cutoff);
            pipeline.quiesce();
            // Polls cut by the fleet's own stop are no fault of the pipeline.
            windows.add(new FaultWindow(FaultWindow.Cause.POLL_CUT, stopped.toEpochMilli() - POLL_CUT_MS,
                    Long.MAX_VALUE));
            final long checkedFrom = first.map(s -> begin.toEpochMilli() + Math.round(s * 1000)).orElse(0L);
            final Verdict verdict = awaitVerdict(pipeline, windows, checkedFrom);
            verdict.details().forEach(this::say);
            say("MQTT publications Mosquitto acknowledged and dropped after its restart (the broker's loss, see"
                    + " docs/reliability.md): " + verdict.brokerLost());
            say("DLMS polls cut (the meter answered, the task that polled died or was stopped before Kafka had the"
                    + " reading: a worker's SIGKILL, Connect revoking its tasks while the broker is down, the fleet's"
                    + " stop; the next poll reads the cumulative registers again, profile rows are re-read): "
                    + verdict.pollsCut());
            final List<String> leaks = SecretScan.leaks(secrets, pipeline.logs(), pipeline.bootstrapServers(),
                    topics(pipeline.bootstrapServers()));
            leaks.stream().limit(20).forEach(l -> say("secret leaked: " + l));
            say("Secrets configured " + secrets.byName().size() + ", found in logs or records: " + leaks.size());
            final IntervalCheck.Records records = IntervalCheck.Records.read(pipeline.bootstrapServers());
            final IntervalVerdict intervals = intervalCheck.judge(records, cutoff);
            say("Interval data (docs/data-quality.md), capture times up to " + Instant.ofEpochMilli(cutoff)
                    + " (" + LEDGER_SETTLE.toMinutes() + " min before the last fault's end) judged:");
            intervals.facts().forEach(l -> say("  " + l));
            intervals.details().forEach(this::say);
            final boolean midBackfill = killsMidBackfill(kills, records);
            final long worstSeconds = Math.round(Math.ceil(worst));
            say(String.format("faults survived %d, records checked %d, lost %d, duplicated %d, worst recovery %d s; %s",
                    survived, verdict.checked() + intervals.checked(), verdict.lost() + intervals.lost(),
                    verdict.duplicated() + intervals.duplicated(), worstSeconds, intervals.summary()));
            return verdict.clean() && intervals.lost() == 0 && intervals.duplicated() == 0 && intervals.missed() > 0
                    && midBackfill && survived == faults && leaks.isEmpty();
        } finally {
            writeReport();
        }
    }

    /** Stops every process the suite started: the suite's JVM is being stopped (Ctrl-C, SIGTERM). */
    void abort() {
        final ChaosPipeline pipeline = running;
        if (pipeline != null) {
            pipeline.close();
        }
    }

    /** A kill that had to fall while the ledger waited for re-reads, and the ranges it waited for just before. */
    private record Kill(String fault, long atMs, List<IntervalCheck.Requested> requested) {
    }

    /**
     * Before the fleet stops: the ledger finishes the re-reads of what the verifier judges (every capture time missing
     * up to the cut-off ended, every request made until then answered), or the time is up and the check says what not.
     */
    private void awaitLedgerAtRest(ChaosPipeline pipeline, IntervalCheck check, long cutoff) {
        final Instant begin = Instant.now();
        final Instant deadline = begin.plus(LEDGER_REST_TIMEOUT);
        IntervalVerdict verdict = check.judge(IntervalCheck.Records.read(pipeline.bootstrapServers()), cutoff);
        while (!verdict.atRest() && Instant.now().isBefore(deadline)) {
            Pause.of(Duration.ofSeconds(2));
            verdict = check.judge(IntervalCheck.Records.read(pipeline.bootstrapServers()), cutoff);
        }
        say(String.format("Backfill %s after %.0f s: %d intervals up to the cut-off still open, %d requests unanswered",
                verdict.atRest() ? "at rest" : "NOT at rest", seconds(begin, Instant.now()), verdict.open(),
                verdict.unanswered()));
    }

    /** Every kill of a worker or streams-app instance fell while a range was requested: asked before, ended after. */
    private boolean killsMidBackfill(List<Kill> kills, IntervalCheck.Records records) {
        boolean all = true;
        for (Kill kill : kills) {
            final long endedAfter = IntervalCheck.endedAfter(records.completeness(), kill.requested(), kill.atMs());
            all &= endedAfter > 0;
            say(String.format("%s: ranges awaiting a re-read just before the kill %d, of them ended after it %d%s",
                    kill.fault(), kill.requested().size(), endedAfter, endedAfter > 0 ? "" : " (NOT mid-backfill)"));
        }
        return all;
    }

    /** The sink and streams-app need a moment after the last fault: verify until clean or the drain time is over. */
    private Verdict awaitVerdict(ChaosPipeline pipeline, List<FaultWindow> windows, long checkedFrom) {
        final Verifier verifier = new Verifier(pipeline.bootstrapServers(), pipeline.directJdbcUrl());
        final Instant deadline = Instant.now().plus(DRAIN_TIMEOUT);
        final Journal journal = Journal.read(pipeline.journal()).since(checkedFrom);
        Verdict verdict = verifier.verify(journal, windows);
        while (!verdict.clean() && Instant.now().isBefore(deadline)) {
            Pause.of(Duration.ofSeconds(5));
            verdict = verifier.verify(journal, windows);
        }
        return verdict;
    }

    private static Optional<FaultWindow> window(Fault fault, Instant injected, Instant recovered) {
        if (fault.excusedLoss() == FaultWindow.Cause.MQTT_BROKER_RESTART) {
            return Optional.of(new FaultWindow(fault.excusedLoss(), injected.toEpochMilli() - BROKER_GAP_LEAD_MS,
                    recovered.toEpochMilli()));
        }
        if (fault.excusedLoss() == FaultWindow.Cause.POLL_CUT) {
            // Until the tasks run again: a task stopped by a rebalance drops what its producer still held.
            return Optional.of(new FaultWindow(fault.excusedLoss(), injected.toEpochMilli() - POLL_CUT_MS,
                    recovered.toEpochMilli()));
        }
        return Optional.empty();
    }

    private static List<String> topics(String bootstrapServers) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            return admin.listTopics().names().get().stream().sorted().toList();
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot list topics: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    private void say(String line) {
        report.add(line);
        out.accept(line);
    }

    private void writeReport() {
        try {
            Files.createDirectories(options.runDir());
            Files.write(options.runDir().resolve("report.txt"), report, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the report in " + options.runDir(), e);
        }
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 1000.0;
    }
}
