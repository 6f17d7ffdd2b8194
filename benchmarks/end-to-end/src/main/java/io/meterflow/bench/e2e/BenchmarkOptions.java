package io.meterflow.bench.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one run does, from system properties (all optional):
 * <ul>
 *   <li>{@code e2e.steps}: offered readings/s per step, comma-separated (default 500,1000,2000,4000,8000,12000,16000,20000)</li>
 *   <li>{@code e2e.meters}: MQTT meters the load is spread over (default 100000)</li>
 *   <li>{@code e2e.dlms.meters}, {@code e2e.dlms.poll.ms}: polled DLMS meters and their poll interval
 *       (default 200 every 2000 ms, 100 readings/s)</li>
 *   <li>{@code e2e.instances}: Connect workers (and tasks per connector) and streams-app instances (default 1)</li>
 *   <li>{@code e2e.warmup}, {@code e2e.seconds}: seconds of warm-up and of measurement per step (default 20, 40)</li>
 *   <li>{@code e2e.p99.limit.ms}: the step whose p99 reading → read model exceeds it is the last (default 2000)</li>
 *   <li>{@code e2e.baseline.records}: records of the bare Kafka and JDBC baselines (default 200000)</li>
 *   <li>{@code e2e.sink.*}: extra settings of the sink connector (e.g. {@code -De2e.sink.batch.size=...})</li>
 *   <li>{@code e2e.sinkUrlParams}: appended to the sink's connection.url, e.g. {@code ?reWriteBatchedInserts=false}
 *       to measure the sink as it was before the multi-row statements</li>
 *   <li>{@code e2e.mosquitto.chaos}: run Mosquitto with the fault suite's config (saved after every change) instead of
 *       the deployed one, to measure the MQTT hop as it was before</li>
 *   <li>{@code e2e.home}: the repository (default: the working directory), {@code e2e.run.dir}: where logs and
 *       data go (default a new temporary directory)</li>
 * </ul>
 */
record BenchmarkOptions(List<Integer> steps, int meters, int dlmsMeters, int dlmsPollMs, int instances, int warmUpSeconds,
                        int seconds, long p99LimitMs, int baselineRecords, Map<String, String> sinkOverrides, String sinkUrlParams,
                        boolean chaosMosquitto, Path home, Path runDir) {

    static BenchmarkOptions fromSystemProperties() throws java.io.IOException {
        final Map<String, String> sink = new LinkedHashMap<>();
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("e2e.sink."))
                .forEach(k -> sink.put(k.substring("e2e.sink.".length()), System.getProperty(k)));
        final String runDir = System.getProperty("e2e.run.dir", "");
        return new BenchmarkOptions(
                Arrays.stream(System.getProperty("e2e.steps", "500,1000,2000,4000,8000,12000,16000,20000").split(","))
                        .map(String::trim).filter(s -> !s.isEmpty()).map(Integer::valueOf).toList(),
                Integer.getInteger("e2e.meters", 100_000),
                Integer.getInteger("e2e.dlms.meters", 200),
                Integer.getInteger("e2e.dlms.poll.ms", 2000),
                Integer.getInteger("e2e.instances", 1),
                Integer.getInteger("e2e.warmup", 20),
                Integer.getInteger("e2e.seconds", 40),
                Long.getLong("e2e.p99.limit.ms", 2000),
                Integer.getInteger("e2e.baseline.records", 200_000),
                sink,
                System.getProperty("e2e.sinkUrlParams", ""),
                Boolean.getBoolean("e2e.mosquitto.chaos"),
                Path.of(System.getProperty("e2e.home", ".")).toAbsolutePath().normalize(),
                runDir.isBlank() ? Files.createTempDirectory("meterflow-e2e") : Path.of(runDir).toAbsolutePath());
    }

    /** DLMS readings/s the polled meters offer. */
    double dlmsRate() {
        return dlmsMeters * 1000.0 / dlmsPollMs;
    }
}
