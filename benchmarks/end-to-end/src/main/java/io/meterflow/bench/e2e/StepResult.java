package io.meterflow.bench.e2e;

import java.util.Map;
import java.util.stream.Collectors;

/** What one load step measured, and how it is printed (a Markdown table row, as docs/benchmarks.md shows it). */
record StepResult(int step, double seconds, double offered, double refused, double toTopic, double dlmsToTopic,
                  Positions.Snapshot p0, Positions.Snapshot p1, TopicProbe topic, Latencies readModel,
                  Map<String, ProcessStats.Usage> cpu0, Map<String, ProcessStats.Usage> cpu1, Map<String, Long> maxRss,
                  String loadAverage) {

    /** A hop keeps up when it passes on at least this share of what reached it. */
    private static final double KEEPS_UP = 0.95;

    static final String HEADER = "| step (readings/s) | offered/s | → topic/s | streams-app/s | sink/s "
            + "| streams lag Δ | sink lag Δ | → topic p50/p99 ms (MQTT probes) | → topic p50/p99 ms (DLMS) "
            + "| → alert p50/p99 ms | → read model p50/p99 ms | load avg |\n"
            + "|---|---|---|---|---|---|---|---|---|---|---|---|";

    double streamsRate() {
        return (p1.streams() - p0.streams()) / seconds;
    }

    double sinkRate() {
        return (p1.sink() - p0.sink()) / seconds;
    }

    long streamsLagGrowth() {
        return (p1.topicEnd() - p1.streams()) - (p0.topicEnd() - p0.streams());
    }

    long sinkLagGrowth() {
        return (p1.topicEnd() - p1.sink()) - (p0.topicEnd() - p0.sink());
    }

    long p99ReadModel() {
        return readModel.percentile(99);
    }

    String row() {
        return "| %d | %.0f%s | %.0f | %.0f | %.0f | %+d | %+d | %s | %s | %s | %s | %s |".formatted(step, offered,
                refused > 0 ? " (%.0f/s refused)".formatted(refused) : "", toTopic, streamsRate(), sinkRate(),
                streamsLagGrowth(), sinkLagGrowth(), topic.toTopicMqtt.summary(), topic.toTopicDlms.summary(),
                topic.toAlert.summary(), readModel.summary(), loadAverage);
    }

    /** CPU (share of one core over the step) and peak RSS per process. */
    String processes() {
        final String perProcess = cpu1.entrySet().stream().map(e -> {
            final ProcessStats.Usage before = cpu0.get(e.getKey());
            final double cpu = before == null ? 0
                    : (e.getValue().cpuNanos() - before.cpuNanos()) / (seconds * 1e9) * 100;
            final long rss = maxRss.getOrDefault(e.getKey(), e.getValue().rssBytes());
            return rss > 0 ? "%s %.0f %% CPU, %d MiB RSS".formatted(e.getKey(), cpu, rss >> 20)
                    : "%s %.0f %% CPU".formatted(e.getKey(), cpu);
        }).collect(Collectors.joining("; "));
        final long pipelineRss = maxRss.entrySet().stream()
                .filter(e -> e.getKey().startsWith("connect") || e.getKey().startsWith("streams")
                        || e.getKey().equals("query-api") || e.getKey().equals("broker"))
                .mapToLong(Map.Entry::getValue).sum();
        final long withoutBroker = pipelineRss - maxRss.getOrDefault("broker", 0L);
        return "Step %d processes: %s. Pipeline JVMs' RSS (Connect, streams-app, query-api, broker): %d MiB; without the broker %d MiB."
                .formatted(step, perProcess, pipelineRss >> 20, withoutBroker >> 20);
    }

    boolean withinGoal(long p99LimitMs) {
        return readModel.count() > 0 && p99ReadModel() <= p99LimitMs && saturatedHopOrNull() == null;
    }

    String saturatedHop() {
        final String hop = saturatedHopOrNull();
        if (hop != null) {
            return hop;
        }
        final long toTopic = topic.toTopicMqtt.percentile(99);
        return "every hop kept up in rate; of the p99 reading → read model (%d ms) %d ms were before the topic"
                .formatted(p99ReadModel(), toTopic);
    }

    private String saturatedHopOrNull() {
        final double mqttOffered = offered - dlmsRateOffered();
        final double mqttArrived = toTopic - dlmsToTopic;
        if (mqttArrived < KEEPS_UP * mqttOffered) {
            return "MQTT → topic (Mosquitto + MQTT source): %.0f of %.0f readings/s".formatted(mqttArrived, mqttOffered);
        }
        if (streamsRate() < KEEPS_UP * toTopic && streamsLagGrowth() > 0) {
            return "streams-app: %.0f of %.0f readings/s, lag +%d".formatted(streamsRate(), toTopic, streamsLagGrowth());
        }
        if (sinkRate() < KEEPS_UP * toTopic && sinkLagGrowth() > 0) {
            return "PostgreSQL sink: %.0f of %.0f readings/s, lag +%d".formatted(sinkRate(), toTopic, sinkLagGrowth());
        }
        return null;
    }

    private double dlmsRateOffered() {
        return dlmsToTopic; // the polled meters' rate is what the DLMS source delivers; its own limit is dlms-poll's
    }
}
