package io.meterflow.bench.e2e;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The end-to-end benchmark (docs/benchmarks.md, "End to end"): starts the pipeline as separate processes, offers a
 * stepped load of readings (MQTT at the step's rate plus the polled DLMS meters), and per step reports the readings/s
 * each hop sustained, the latencies reading → topic, → alert and → read model, CPU and RSS per process, the load
 * average, and which hop fell behind. It stops after the first step whose p99 reading → read model exceeds the limit.
 * The bare Kafka and bare JDBC baselines run first, on the same broker and database, with records of this run.
 */
public final class EndToEndBenchmark {

    private EndToEndBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        final BenchmarkOptions options = BenchmarkOptions.fromSystemProperties();
        System.out.println("End-to-end benchmark: " + options + ", " + Runtime.getRuntime().availableProcessors()
                + " cores, load average " + ProcessStats.loadAverage());
        final List<String> report = new ArrayList<>();
        try (Pipeline pipeline = Pipeline.start(options);
             MqttLoad load = MqttLoad.start(pipeline.mqttUri(), options.meters());
             TopicProbe topic = new TopicProbe(pipeline.bootstrapServers(), load, 2000);
             ReadModelProbe readModel = new ReadModelProbe(pipeline.jdbcUrl());
             Positions positions = new Positions(pipeline.bootstrapServers(), pipeline.jdbcUrl())) {
            System.out.println("Pipeline up: " + pipeline.pids() + ", logs in " + options.runDir());
            // Records for the baselines: what the pipeline itself writes at the first step's rate.
            load.rate(options.steps().get(0));
            Thread.sleep(options.warmUpSeconds() * 1000L);
            load.rate(0);
            Thread.sleep(5_000);
            final Baselines.Result base = Baselines.run(pipeline.bootstrapServers(), pipeline.jdbcUrl(), topic.sample(),
                    options.baselineRecords());
            final String baseline = "Baselines (same broker and database, %d reading records of this run): bare Kafka "
                    + "produce → consume %.0f records/s (p50 %d ms, p99 %d ms at full speed); bare JDBC batch insert "
                    + "%.0f rows/s";
            report.add(baseline.formatted(options.baselineRecords(), base.kafkaPerSecond(), base.kafkaP50(),
                    base.kafkaP99(), base.jdbcRowsPerSecond()));
            System.out.println(report.get(report.size() - 1));
            // The baselines loaded the broker and the database while the pipeline held its backlog: the steps start
            // once streams-app and the sink have caught up again.
            report.add("Caught up after the baselines in " + awaitCaughtUp(positions, load, topic) + " s");
            report.add(StepResult.HEADER);
            Integer sustained = null;
            StepResult last = null;
            for (int step : options.steps()) {
                load.rate(step - options.dlmsRate());
                Thread.sleep(options.warmUpSeconds() * 1000L);
                topic.clearLatencies();
                readModel.toReadModel.clear();
                final Positions.Snapshot p0 = positions.now();
                final long offered0 = load.offered();
                final long refused0 = load.refused();
                final long readings0 = topic.readings();
                final long dlms0 = topic.dlmsReadings();
                final Map<String, ProcessStats.Usage> cpu0 = ProcessStats.sample(pipeline.pids(), pipeline.jdbcUrl(),
                        pipeline.dbName());
                final Map<String, Long> maxRss = new LinkedHashMap<>();
                final long end = System.currentTimeMillis() + options.seconds() * 1000L;
                while (System.currentTimeMillis() < end) {
                    Thread.sleep(Math.min(5_000, Math.max(1, end - System.currentTimeMillis())));
                    ProcessStats.sample(pipeline.pids(), pipeline.jdbcUrl(), pipeline.dbName())
                            .forEach((name, u) -> maxRss.merge(name, u.rssBytes(), Math::max));
                }
                final Positions.Snapshot p1 = positions.now();
                final Map<String, ProcessStats.Usage> cpu1 = ProcessStats.sample(pipeline.pids(), pipeline.jdbcUrl(),
                        pipeline.dbName());
                final double seconds = (p1.atMs() - p0.atMs()) / 1000.0;
                last = new StepResult(step, seconds, (load.offered() - offered0) / seconds + options.dlmsRate(),
                        (load.refused() - refused0) / seconds, (topic.readings() - readings0) / seconds,
                        (topic.dlmsReadings() - dlms0) / seconds, p0, p1, topic, readModel.toReadModel, cpu0, cpu1,
                        maxRss, ProcessStats.loadAverage());
                report.add(last.row());
                System.out.println(StepResult.HEADER);
                System.out.println(last.row());
                System.out.println(last.processes());
                report.add(last.processes());
                if (last.withinGoal(options.p99LimitMs())) {
                    sustained = step;
                } else {
                    report.add("Step " + step + " exceeds the limit (p99 → read model " + last.p99ReadModel()
                            + " ms, or a hop fell behind): " + last.saturatedHop());
                    break;
                }
            }
            load.rate(0);
            if (last != null) {
                report.add(("Ratios (same run): readings/s into the read model at the last step ÷ bare JDBC rows/s = "
                        + "%.3f; readings/s onto meter-readings ÷ bare Kafka records/s = %.3f").formatted(
                        last.sinkRate() / base.jdbcRowsPerSecond(), last.toTopic() / base.kafkaPerSecond()));
            }
            report.add(sustained == null ? "No step held p99 reading → read model ≤ " + options.p99LimitMs() + " ms"
                    : "Sustained: " + sustained + " readings/s offered with p99 reading → read model ≤ "
                    + options.p99LimitMs() + " ms and no hop falling behind");
        }
        System.out.println();
        System.out.println("=== End-to-end benchmark report ===");
        report.forEach(System.out::println);
        System.exit(0);
    }

    /**
     * Waits (at most 3 minutes) until the MQTT readings published have reached the topic (what still waits in
     * Mosquitto's session queues is behind, too) and streams-app and the sink are within 500 readings of its end.
     */
    private static long awaitCaughtUp(Positions positions, MqttLoad load, TopicProbe topic)
            throws InterruptedException {
        final long start = System.currentTimeMillis();
        while (System.currentTimeMillis() - start < 180_000) {
            final Positions.Snapshot p = positions.now();
            final long inMosquitto = load.offered() - (topic.readings() - topic.dlmsReadings());
            if (inMosquitto < 500 && p.topicEnd() - p.sink() < 500 && p.topicEnd() - p.streams() < 500) {
                break;
            }
            Thread.sleep(1_000);
        }
        return (System.currentTimeMillis() - start) / 1000;
    }
}
