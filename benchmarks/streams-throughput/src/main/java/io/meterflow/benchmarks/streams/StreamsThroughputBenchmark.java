package io.meterflow.benchmarks.streams;

import io.meterflow.kafka.embedded.EmbeddedKafkaBroker;
import io.meterflow.schema.Alert;
import io.meterflow.schema.Interval;
import io.meterflow.schema.MeterValue;
import io.meterflow.schema.Provenance;
import io.meterflow.schema.Reading;
import io.meterflow.schema.ReadingSource;
import io.meterflow.schema.topic.MeterFlowTopics;
import io.meterflow.streams.MeterFlowTopology;
import io.meterflow.streams.StreamsApp;
import io.meterflow.streams.config.StreamsAppConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * Measures, on one in-process broker in one run: records/s of the full topology vs a bare pass-through topology
 * (both exactly_once_v2), exactly_once_v2 vs at_least_once of the full topology (commit.interval.ms 100 everywhere),
 * p99 reading→alert latency at half the measured full-topology rate, and RSS after 100k distinct meters; and the
 * full topology with the interval-data branch (ledger, validation, estimation; {@code ledger.enabled}) against the
 * full topology without it, on the same input: the readings plus one 15-minute profile row per meter (1 in 100
 * missing, so the ledger has gaps to track and requests to send).
 * Sizes: -Dbench.records (default 1000000), -Dbench.meters (1000), -Dbench.latency.seconds (20), -Dbench.rss.meters (100000),
 * -Dbench.rounds (3): throughput rounds; each ratio is taken within a round, the median over the rounds is reported.
 */
public final class StreamsThroughputBenchmark {

    private static final int RECORDS = Integer.getInteger("bench.records", 1_000_000);
    private static final int METERS = Integer.getInteger("bench.meters", 1_000);
    private static final int LATENCY_SECONDS = Integer.getInteger("bench.latency.seconds", 20);
    private static final int RSS_METERS = Integer.getInteger("bench.rss.meters", 100_000);
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
    /** Rounds run first and left out of the results: in a cold JVM the JIT flatters whichever app runs later. */
    private static final int WARMUP_ROUNDS = Integer.getInteger("bench.warmup.rounds", 1);
    private static final int PARTITIONS = 3;
    private static final String PASS_THROUGH_OUT = "bench-pass-through-out";
    private static final long PROFILE_PERIOD_MS = 900_000;
    /**
     * The shipped validation rules (streams-app/config/validation-rules.yaml), every rule on; with
     * -Dbench.register.rules=false without the two that read meter-readings (zero consumption, sum check), so the
     * readings do not enter the ledger's processor.
     */
    private static final String VALIDATION_RULES = """
            register: 1.0.1.8.0.255
            rules:
              - {rule: SPIKE, factor: 5, window: 48, minIntervals: 8}
              - {rule: NEGATIVE_CONSUMPTION}
              - {rule: CLOCK_SUSPECT}
              - {rule: METER_FLAGGED}
            """ + (Boolean.parseBoolean(System.getProperty("bench.register.rules", "true")) ? """
              - {rule: ZERO_CONSUMPTION, intervals: 4}
              - {rule: SUM_MISMATCH, span: 4, tolerance: 0.02, minTolerance: 1.0}
            """ : "");
    private static Path validationRules;
    private static long intervalRecords;
    private static final String RULES = """
            rules:
              - {name: ClockDrift, metric: clock_drift_seconds, above: 10, for: PT0S, healthyAfter: PT0S, severity: MEDIUM}
              - {name: HighErrorRate, metric: error_pct, above: 5, healthyAfter: PT10M, severity: HIGH}
              - {name: CounterReset, metric: counter_reset, above: 0, healthyAfter: PT15M, severity: MEDIUM}
            """;

    /** Minutes of event time the throughput input spans: one reading per meter per minute. */
    private static final long INPUT_MINUTES = (RECORDS + METERS - 1) / METERS;

    /**
     * Event times of the generated readings: recent, on an hour boundary, and all of them (the RSS readings after the
     * throughput input included) at least an hour in the past. Never a fixed date: the broker deletes records whose
     * timestamp is older than retention.ms (7 days by default) relative to its wall clock. Never in the future: the
     * broker rejects timestamps more than message.timestamp.after.max.ms (1 h) ahead, and a start only 10 h back
     * lost a third of a 1M-record input that way (1,000 meters x 1,000 minutes).
     */
    private static final long RECENT_START = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.HOURS)
            .minus(java.time.Duration.ofMinutes(INPUT_MINUTES)).minus(java.time.Duration.ofHours(2)).toEpochMilli();

    private StreamsThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        final Path work = Files.createTempDirectory("streams-bench");
        final Path rules = Files.writeString(work.resolve("rules.yaml"), RULES);
        validationRules = Files.writeString(work.resolve("validation-rules.yaml"), VALIDATION_RULES);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().start()) {
            final String bootstrap = broker.bootstrapServers();
            createTopics(bootstrap);
            produce(bootstrap, 0, RECORDS, METERS, RECENT_START);
            intervalRecords = produceIntervals(bootstrap, METERS, RECENT_START);
            final long rssBefore = rssKib();

            // Rounds of pass-through, EOS, ALOS back to back: on a shared machine the load changes within minutes,
            // so each ratio is taken within one round and the median over the rounds is reported.
            final List<double[]> rounds = new ArrayList<>();
            final List<double[]> steadyRounds = new ArrayList<>();
            for (int round = 1 - WARMUP_ROUNDS; round <= ROUNDS; round++) {
                final String suffix = round < 1 ? "-w" + (WARMUP_ROUNDS + round) : "-r" + round;
                final String label = round < 1 ? "warm-up " + (WARMUP_ROUNDS + round) : "round " + round;
                final Rate passThrough = run(label + " pass-through exactly_once_v2", bootstrap,
                        () -> passThrough(bootstrap, work, suffix, 1));
                final Rate fanOut = run(label + " fan-out x3 exactly_once_v2", bootstrap,
                        () -> passThrough(bootstrap, work, "-fan-out" + suffix, 3));
                final Rate eos = run(label + " full topology exactly_once_v2", bootstrap,
                        () -> full(bootstrap, work, rules, "exactly_once_v2", "full-eos" + suffix));
                final Rate alos = run(label + " full topology at_least_once", bootstrap,
                        () -> full(bootstrap, work, rules, "at_least_once", "full-alos" + suffix));
                final Rate ledger = run(label + " full topology with ledger + validation exactly_once_v2", bootstrap,
                        () -> full(bootstrap, work, rules, "exactly_once_v2", "full-ledger" + suffix,
                                Map.of(StreamsAppConfig.LEDGER_ENABLED_CONFIG, "true")));
                if (round < 1) {
                    continue;
                }
                rounds.add(new double[] {passThrough.overall(), eos.overall(), alos.overall(), fanOut.overall(),
                        ledger.overall()});
                steadyRounds.add(new double[] {passThrough.steady(), eos.steady(), alos.steady(), fanOut.steady(),
                        ledger.steady()});
            }
            final double eos = median(rounds, r -> r[1]);
            final double p99 = latencyP99(bootstrap, work, rules, eos / 2);
            final long[] rss = rssWithDistinctMeters(bootstrap, work, rules);

            System.out.printf(Locale.ROOT, "%n== streams-app benchmark (%d records, %d meters, %d partitions, commit.interval.ms 100, %d rounds after %d warm-up) ==%n",
                    RECORDS, METERS, PARTITIONS, ROUNDS, WARMUP_ROUNDS);
            for (int i = 0; i < rounds.size(); i++) {
                final double[] r = rounds.get(i);
                System.out.printf(Locale.ROOT, "round %d: pass-through EOS %6.0f, fan-out x3 %6.0f, full EOS %6.0f, full ALOS %6.0f, as shipped (with ledger) %6.0f records/s; ratio %.2f (to fan-out %.2f), EOS/ALOS %.2f, as shipped / pass-through %.2f%n",
                        i + 1, r[0], r[3], r[1], r[2], r[4], r[1] / r[0], r[1] / r[3], r[1] / r[2], r[4] / r[0]);
            }
            for (int i = 0; i < steadyRounds.size(); i++) {
                final double[] r = steadyRounds.get(i);
                System.out.printf(Locale.ROOT, "round %d after the first commit: pass-through EOS %6.0f, fan-out x3 %6.0f, full EOS %6.0f, full ALOS %6.0f, as shipped (with ledger) %6.0f records/s; ratio %.2f (to fan-out %.2f), EOS/ALOS %.2f, as shipped / pass-through %.2f%n",
                        i + 1, r[0], r[3], r[1], r[2], r[4], r[1] / r[0], r[1] / r[3], r[1] / r[2], r[4] / r[0]);
            }
            // The topology as it ships has the interval-data branch on (ledger.enabled defaults to true).
            System.out.printf(Locale.ROOT, "median full as shipped (with ledger) / pass-through EOS  %.2f start to end, %.2f after the first commit (goal >= 0.4)%n",
                    median(rounds, r -> r[4] / r[0]), median(steadyRounds, r -> r[4] / r[0]));
            System.out.printf(Locale.ROOT, "median full EOS (no ledger) / pass-through EOS  %.2f start to end, %.2f after the first commit%n",
                    median(rounds, r -> r[1] / r[0]), median(steadyRounds, r -> r[1] / r[0]));
            System.out.printf(Locale.ROOT, "median full EOS / fan-out x3 EOS    %.2f start to end, %.2f after the first commit%n",
                    median(rounds, r -> r[1] / r[3]), median(steadyRounds, r -> r[1] / r[3]));
            System.out.printf(Locale.ROOT, "median full EOS / full ALOS         %.2f start to end, %.2f after the first commit (goal >= 0.7)%n",
                    median(rounds, r -> r[1] / r[2]), median(steadyRounds, r -> r[1] / r[2]));
            System.out.printf(Locale.ROOT, "median full with ledger / without   %.2f start to end, %.2f after the first commit (goal >= 0.7; %d readings + %d profile rows in, rates in readings/s)%n",
                    median(rounds, r -> r[4] / r[1]), median(steadyRounds, r -> r[4] / r[1]), RECORDS, intervalRecords);
            System.out.printf(Locale.ROOT, "reading->alert latency  p99 %.0f ms at %.0f readings/s (half of the median full EOS)%n", p99, eos / 2);
            System.out.printf(Locale.ROOT, "RSS before streams %d MiB; after %d distinct meters %d MiB (heap used %d MiB)%n",
                    rssBefore / 1024, RSS_METERS, rss[0] / 1024, rss[1] / (1024 * 1024));
        }
    }

    private interface Started {
        AutoCloseable start() throws Exception;
    }

    /**
     * Records/s from start to the end of the input (startup and rebalance included), and from the first commit
     * that moved the group's offsets to the end (the processing rate without startup).
     */
    private record Rate(double overall, double steady) {
    }

    /** Starts an app on the backlog of meter-readings, waits until its group has committed the end of it. */
    private static Rate run(String name, String bootstrap, Started app) throws Exception {
        final long start = System.nanoTime();
        try (AutoCloseable running = app.start()) {
            final String group = lastGroup;
            final long[] firstCommit = awaitCaughtUp(bootstrap, group);
            final long end = System.nanoTime();
            final double seconds = (end - start) / 1e9;
            final double steadySeconds = (end - firstCommit[0]) / 1e9;
            final Rate rate = new Rate(RECORDS / seconds, (RECORDS - firstCommit[1]) / steadySeconds);
            System.out.printf(Locale.ROOT, "%s: %d records in %.1f s = %.0f records/s; %d records after the first commit in %.1f s = %.0f records/s%n",
                    name, RECORDS, seconds, rate.overall(), RECORDS - firstCommit[1], steadySeconds, rate.steady());
            return rate;
        }
    }

    private static String lastGroup;

    private static double median(List<double[]> rounds, java.util.function.ToDoubleFunction<double[]> value) {
        final double[] sorted = rounds.stream().mapToDouble(value).sorted().toArray();
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    /**
     * The baseline: readings read and written unchanged ({@code copies} 1), or each written {@code copies} times (a
     * second baseline with the full topology's output volume: it writes two rates and a drift record per reading),
     * with the app's own client settings (the same
     * {@link StreamsAppConfig#streamsProperties()}, exactly_once_v2, commit.interval.ms 100), so that the ratio
     * measures what the topology costs, not a difference in producer or consumer tuning.
     */
    private static AutoCloseable passThrough(String bootstrap, Path work, String suffix, int copies) {
        final StreamsBuilder builder = new StreamsBuilder();
        final KStream<String, Reading> readings = builder.stream(MeterFlowTopics.READINGS.name(),
                Consumed.with(MeterFlowTopics.READINGS.keySerde(), MeterFlowTopics.READINGS.valueSerde()));
        (copies == 1 ? readings : readings.flatMapValues(r -> Collections.nCopies(copies, r)))
                .to(PASS_THROUGH_OUT, Produced.with(MeterFlowTopics.READINGS.keySerde(), MeterFlowTopics.READINGS.valueSerde()));
        final String appId = "bench-pass-through" + suffix;
        final Properties p = new StreamsAppConfig(Map.of(
                StreamsAppConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                StreamsAppConfig.APPLICATION_ID_CONFIG, appId,
                StreamsAppConfig.STATE_DIR_CONFIG, work.resolve("pass-through" + suffix).toString(),
                StreamsAppConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2,
                StreamsAppConfig.COMMIT_INTERVAL_MS_CONFIG, "100")).streamsProperties();
        final KafkaStreams streams = new KafkaStreams(builder.build(), p);
        lastGroup = appId;
        streams.start();
        return () -> streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(30)));
    }

    private static StreamsApp full(String bootstrap, Path work, Path rules, String guarantee, String appId) {
        return full(bootstrap, work, rules, guarantee, appId, Map.of());
    }

    private static StreamsApp full(String bootstrap, Path work, Path rules, String guarantee, String appId,
                                   Map<String, String> extra) {
        final Map<String, String> c = new HashMap<>();
        c.put(StreamsAppConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(StreamsAppConfig.APPLICATION_ID_CONFIG, "bench-" + appId);
        c.put(StreamsAppConfig.STATE_DIR_CONFIG, work.resolve(appId).toString());
        c.put(StreamsAppConfig.RULES_FILE_CONFIG, rules.toString());
        c.put(StreamsAppConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
        c.put(StreamsAppConfig.COMMIT_INTERVAL_MS_CONFIG, "100");
        c.put(StreamsAppConfig.HTTP_PORT_CONFIG, "-1");
        // Today's full topology unless a run asks for the interval-data branch.
        c.put(StreamsAppConfig.LEDGER_ENABLED_CONFIG, "false");
        c.put(StreamsAppConfig.VALIDATION_RULES_FILE_CONFIG, validationRules.toString());
        c.putAll(extra);
        final StreamsApp app = new StreamsApp(new StreamsAppConfig(c));
        lastGroup = "bench-" + appId;
        app.start();
        return app;
    }

    /** One reading in this many is a probe: a meter whose every reading flips its ClockDrift alert. */
    private static final int PROBE_EVERY = 20;

    /**
     * Live readings at half load, the same mix as the throughput rounds (1,000 meters, two registers, voltage, small
     * clock drift, 2 % failures, collected now); one in {@value #PROBE_EVERY} is a probe reading of one of 100 probe
     * meters that flips the ClockDrift alert (for 0, healthyAfter 0), so each probe gives a transition whose latency
     * is measured.
     */
    private static double latencyP99(String bootstrap, Path work, Path rules, double rate) throws Exception {
        final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        try (StreamsApp app = full(bootstrap, work, rules, "exactly_once_v2", "latency",
                Map.of("streams.consumer.auto.offset.reset", "latest"))) {
            while (app.state() != KafkaStreams.State.RUNNING) {
                Thread.sleep(100);
            }
            final AtomicBoolean stop = new AtomicBoolean();
            final Thread consumer = new Thread(() -> consumeAlerts(bootstrap, latencies, stop));
            consumer.start();
            Thread.sleep(2_000);
            try (KafkaProducer<String, Reading> producer = producer(bootstrap)) {
                final long start = System.nanoTime();
                final long total = (long) (rate * LATENCY_SECONDS);
                for (long i = 0; i < total; i++) {
                    final long due = start + (long) (i * 1e9 / rate);
                    // Sleeping, not spinning: a busy generator would take one of the machine's two cores from the
                    // app it measures. Readings due within the same millisecond go out together.
                    while (System.nanoTime() < due) {
                        java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
                    }
                    final long now = System.currentTimeMillis();
                    final Reading r = i % PROBE_EVERY == 0 ? probe(i / PROBE_EVERY, now) : liveReading(i, now);
                    final String meterId = r.meterId();
                    producer.send(new ProducerRecord<>(MeterFlowTopics.READINGS.name(), null, now, meterId, r));
                }
            }
            Thread.sleep(5_000);
            stop.set(true);
            consumer.join();
        }
        final List<Long> sorted = latencies.stream().sorted().toList();
        System.out.printf(Locale.ROOT, "latency: %d alert transitions, p50 %d ms, p99 %d ms, max %d ms%n", sorted.size(),
                sorted.get(sorted.size() / 2), sorted.get((int) (sorted.size() * 0.99)), sorted.get(sorted.size() - 1));
        return sorted.get((int) (sorted.size() * 0.99));
    }

    private static Reading probe(long n, long now) {
        final String meterId = "latency-" + (n % 100);
        final long driftMs = (n / 100) % 2 == 0 ? 30_000 : 1_000;
        return Reading.ok(meterId, ReadingSource.DLMS, now, now + driftMs, 0, List.of());
    }

    private static Reading liveReading(long i, long now) {
        final int meter = (int) (i % METERS);
        return mixReading(i, "live-" + meter, now, now + 2_000, now / 1_000.0 + meter, now / 5_000.0);
    }

    /** The benchmark's reading mix: the {@code i}-th reading, one in 50 a timeout, the others two registers and a voltage. */
    private static Reading mixReading(long i, String meterId, long at, long meterTime, double importWh, double exportWh) {
        if (i % 50 == 7) {
            return Reading.failed(meterId, ReadingSource.DLMS, at, 2_000, io.meterflow.schema.ReadingStatus.TIMEOUT, "timeout");
        }
        return Reading.ok(meterId, ReadingSource.DLMS, at, meterTime, 40, List.of(
                new MeterValue("1.0.1.8.0.255", importWh, "Wh"),
                new MeterValue("1.0.2.8.0.255", exportWh, "Wh"),
                new MeterValue("1.0.32.7.0.255", 230.0, "V")));
    }

    /** Until {@code stop}: a flag, not an interrupt, which would break the consumer's own close (leaving the group). */
    private static void consumeAlerts(String bootstrap, List<Long> latencies, AtomicBoolean stop) {
        try (KafkaConsumer<String, Alert> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.GROUP_ID_CONFIG, "bench-latency-reader",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest"),
                new StringDeserializer(), MeterFlowTopics.ALERTS.valueSerde().deserializer())) {
            consumer.subscribe(List.of(MeterFlowTopics.ALERTS.name()));
            while (!stop.get()) {
                for (ConsumerRecord<String, Alert> r : consumer.poll(Duration.ofMillis(100))) {
                    if (r.value().meterId().startsWith("latency-")) {
                        latencies.add(System.currentTimeMillis() - r.value().at());
                    }
                }
            }
        }
    }

    /** RSS of this JVM (broker included) after the full topology has taken in RSS_METERS distinct meters. */
    private static long[] rssWithDistinctMeters(String bootstrap, Path work, Path rules) throws Exception {
        final long base = RECENT_START + java.time.Duration.ofMinutes(INPUT_MINUTES).toMillis();
        produce(bootstrap, 0, RSS_METERS * 2, RSS_METERS, base);
        try (StreamsApp app = full(bootstrap, work, rules, "exactly_once_v2", "rss",
                Map.of("streams.consumer.auto.offset.reset", "earliest"))) {
            awaitCaughtUp(bootstrap, lastGroup);
            System.gc();
            final Runtime rt = Runtime.getRuntime();
            return new long[] {rssKib(), rt.totalMemory() - rt.freeMemory()};
        }
    }

    private static void createTopics(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            final List<NewTopic> topics = new ArrayList<>();
            final List<String> names = new ArrayList<>(MeterFlowTopology.topics().stream().map(t -> t.name()).toList());
            names.add(PASS_THROUGH_OUT);
            for (String t : names) {
                topics.add(new NewTopic(t, PARTITIONS, (short) 1));
            }
            admin.createTopics(topics).all().get();
            // Produce only once every partition has a leader: a first produce racing the leader election failed a
            // loaded run (NOT_LEADER_OR_FOLLOWER, then OutOfOrderSequenceException until the batches expired).
            while (!admin.describeTopics(names).allTopicNames().get().values().stream()
                    .allMatch(t -> t.partitions().size() == PARTITIONS
                            && t.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()))) {
                Thread.sleep(100);
            }
            // A leader in the metadata is not yet a leader that takes writes (a Kafka 4.4.0 run still raced it): wait
            // until every partition's leader answers ListOffsets, which only a serving leader does.
            final Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
            for (String t : names) {
                for (int p = 0; p < PARTITIONS; p++) {
                    ends.put(new TopicPartition(t, p), OffsetSpec.latest());
                }
            }
            admin.listOffsets(ends).all().get();
        }
    }

    /** {@code count} readings of {@code meters} meters, one per meter per minute of event time from {@code start}. */
    private static void produce(String bootstrap, int from, int count, int meters, long start) {
        final AtomicReference<Exception> rejected = new AtomicReference<>();
        try (KafkaProducer<String, Reading> producer = producer(bootstrap)) {
            for (int i = from; i < from + count; i++) {
                final int meter = i % meters;
                final long minute = i / meters;
                final long at = start + minute * 60_000 + meter % 60_000;
                final String meterId = "meter-" + meter;
                final Reading r = mixReading(i, meterId, at, at + 2_000 + meter % 20_000, minute * 10.0 + meter,
                        minute * 2.0);
                producer.send(new ProducerRecord<>(MeterFlowTopics.READINGS.name(), null, at, meterId, r),
                        (metadata, e) -> {
                            if (e != null) {
                                rejected.compareAndSet(null, e);
                            }
                        });
            }
        }
        if (rejected.get() != null) {
            // Every rate is taken over `count` records: a rejected send would silently shrink the input.
            throw new IllegalStateException("The broker rejected generated readings", rejected.get());
        }
    }

    /**
     * One profile row per meter per 15 minutes over the readings' span, the import register growing with the
     * readings; one row in 100 left out.
     */
    private static long produceIntervals(String bootstrap, int meters, long start) {
        long count = 0;
        try (KafkaProducer<String, Interval> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 262_144), new StringSerializer(),
                MeterFlowTopics.INTERVALS.valueSerde().serializer())) {
            final long first = Math.floorDiv(start, PROFILE_PERIOD_MS) * PROFILE_PERIOD_MS + PROFILE_PERIOD_MS;
            for (long t = first; t <= start + INPUT_MINUTES * 60_000; t += PROFILE_PERIOD_MS) {
                final long minute = (t - start) / 60_000;
                for (int meter = 0; meter < meters; meter++) {
                    if ((t / PROFILE_PERIOD_MS + meter) % 100 == 0) {
                        continue;
                    }
                    final String meterId = "meter-" + meter;
                    producer.send(new ProducerRecord<>(MeterFlowTopics.INTERVALS.name(), null, t, meterId,
                            new Interval(meterId, t, List.of(new MeterValue("1.0.1.8.0.255", minute * 10.0 + meter, "Wh")),
                                    0, List.of(), 2_000L, Provenance.POLL, (int) (PROFILE_PERIOD_MS / 1000))));
                    count++;
                }
            }
        }
        return count;
    }

    private static KafkaProducer<String, Reading> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.BATCH_SIZE_CONFIG, 262_144),
                new StringSerializer(), MeterFlowTopics.READINGS.valueSerde().serializer());
    }

    /** @return when (nanoTime) the group's committed offsets were first seen above zero, and their sum then */
    private static long[] awaitCaughtUp(String bootstrap, String group) throws Exception {
        long[] firstCommit = null;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            while (true) {
                final Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get();
                final List<TopicPartition> input = new ArrayList<>();
                for (int p = 0; p < PARTITIONS; p++) {
                    input.add(new TopicPartition(MeterFlowTopics.READINGS.name(), p));
                    // The ledger's run is done when it has read the profile rows too.
                    if (group.contains("ledger")) {
                        input.add(new TopicPartition(MeterFlowTopics.INTERVALS.name(), p));
                    }
                }
                final Map<TopicPartition, Long> end = admin.listOffsets(input.stream()
                                .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()))).all().get()
                        .entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
                final long committedSum = input.stream().filter(tp -> tp.topic().equals(MeterFlowTopics.READINGS.name()))
                        .map(committed::get).filter(java.util.Objects::nonNull)
                        .mapToLong(OffsetAndMetadata::offset).sum();
                if (firstCommit == null && committedSum > 0) {
                    firstCommit = new long[] {System.nanoTime(), committedSum};
                }
                final boolean caughtUp = input.stream().allMatch(tp -> committed.get(tp) != null
                        && committed.get(tp).offset() >= end.get(tp));
                if (caughtUp) {
                    return firstCommit;
                }
                Thread.sleep(100);
            }
        }
    }

    private static long rssKib() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                .map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).findFirst().orElse(-1L);
    }
}
