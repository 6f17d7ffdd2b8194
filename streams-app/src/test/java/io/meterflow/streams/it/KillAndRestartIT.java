package io.meterflow.streams.it;

import io.meterflow.schema.Alert;
import io.meterflow.schema.AlertState;
import io.meterflow.schema.Severity;
import io.meterflow.schema.ClockDrift;
import io.meterflow.schema.EventTimed;
import io.meterflow.schema.ErrorStats;
import io.meterflow.schema.MeterRecord;
import io.meterflow.schema.Rate;
import io.meterflow.schema.Reading;
import io.meterflow.schema.ReadingSource;
import io.meterflow.schema.topic.MeterFlowTopics;
import io.meterflow.schema.topic.Topic;
import io.meterflow.schema.validation.SchemaValidator;
import io.meterflow.streams.StreamsApp;
import io.meterflow.streams.config.StreamsAppConfigLoader;
import io.meterflow.streams.support.Readings;
import io.meterflow.streams.support.TopologyFixture;
import io.meterflow.testing.kafka.KafkaExtension;
import io.meterflow.testing.kafka.KafkaTestCluster;
import io.meterflow.testing.kafka.TopicRecords;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The app, exactly_once_v2, in a child JVM that is killed with SIGKILL three times while readings are still being
 * produced; a fourth run (in this JVM) finishes. Every per-meter output then equals what an uninterrupted run of the
 * same topology computes over the same input (TopologyTestDriver): window aggregates, rates, drift, and every alert
 * transition exactly once — none lost, none duplicated; every fleet window, each the exact sum of its meters'.
 * Then the health endpoint and metrics of the running app.
 *
 * <p>{@code -Dmeterflow.it.full=true} runs a larger fleet.
 */
@ExtendWith(KafkaExtension.class)
class KillAndRestartIT {

    private static final boolean FULL = Boolean.getBoolean("meterflow.it.full");
    private static final int METERS = FULL ? 200 : 30;
    private static final int MINUTES = FULL ? 12 * 60 : 4 * 60;
    private static final int PARTITIONS = 3;
    private static final int KILLS = 3;
    /**
     * Recent event times, on an hour boundary. NOT a fixed date: the broker deletes records older than retention.ms
     * (7 days by default) by their timestamp against its wall clock, 30 s after start and every 5 min, and window
     * changelogs keep window size + grace + 1 day. With a fixed 2026-01-01 start this test lost unread input and
     * written output to retention mid-run once the date was a week past (missing windows, "idle with input left").
     * The flush readings (up to 4 h after the input) must stay in the past too: the broker rejects timestamps more
     * than message.timestamp.after.max.ms (1 h) ahead.
     */
    private static final long START = Instant.now().truncatedTo(ChronoUnit.HOURS)
            .minus(Duration.ofMinutes(MINUTES)).minus(Duration.ofHours(5)).toEpochMilli();
    private static final String RULES = """
            rules:
              - {name: HighErrorRate, metric: error_pct, above: 5, healthyAfter: PT10M, severity: HIGH}
              - {name: ClockDrift, metric: clock_drift_seconds, above: 10, critical: 60, for: PT2M, healthyAfter: PT5M, severity: MEDIUM, escalateAfter: PT30M}
              - {name: LowPublicationRate, metric: publication_pct, below: 50, healthyAfter: PT5M, severity: MEDIUM}
              - {name: CounterReset, metric: counter_reset, above: 0, healthyAfter: PT15M, severity: MEDIUM}
            """;
    private static final SchemaValidator VALIDATOR = new SchemaValidator();

    @Test
    void threeKillsUnderLoadLoseAndDuplicateNothing(KafkaTestCluster kafka, @TempDir Path dir) throws Exception {
        KilledApp.freshTopics(kafka, PARTITIONS);
        final Path rules = Files.writeString(dir.resolve("rules.yaml"), RULES);
        final Map<String, String> config = KilledApp.config(kafka, dir, rules, "kill-and-restart-it");
        final Path configFile = KilledApp.writeProperties(dir.resolve("streams.properties"), config);

        final List<Reading> input = FleetInput.readings(START, METERS, MINUTES);
        final List<ProducerRecord<String, Reading>> flush = flushRecords(input);
        final Expected expected = reference(config, input, flush);

        final CompletableFuture<Void> producing = CompletableFuture.runAsync(() -> produce(kafka, input, flush));
        final Path log = Path.of("target", "kill-and-restart-it-app.log");
        KilledApp.killRepeatedly(kafka, configFile, log, KILLS, MeterFlowTopics.RATES.name(), 100);
        producing.get();

        try (StreamsApp app = new StreamsApp(StreamsAppConfigLoader.load(configFile, Map.of()))) {
            app.start();
            awaitOutputs(kafka, expected);
            assertThat(KilledApp.beginningOffsets(kafka, MeterFlowTopics.READINGS.name()))
                    .as("no input deleted by the broker's retention (the test would prove nothing)").isZero();
            assertEqualsReference(kafka, expected);
            assertHealthAndMetrics(app);
        }
    }

    /** Two far-future readings per partition close every real window, per meter and for the fleet. */
    private static List<ProducerRecord<String, Reading>> flushRecords(List<Reading> input) {
        final long end = input.stream().mapToLong(Reading::collectedAt).max().orElseThrow();
        final List<ProducerRecord<String, Reading>> out = new ArrayList<>();
        for (long offset : new long[] {Duration.ofHours(2).toMillis(), Duration.ofHours(4).toMillis()}) {
            for (int p = 0; p < PARTITIONS; p++) {
                final Reading r = Readings.ok("flush-" + p, ReadingSource.MQTT, end + offset + p);
                out.add(new ProducerRecord<>(MeterFlowTopics.READINGS.name(), p, r.collectedAt(), r.meterId(), r));
            }
        }
        return out;
    }

    /** What an uninterrupted run of the same topology computes over the same records, in the same per-key order. */
    private static Expected reference(Map<String, String> config, List<Reading> input,
                                      List<ProducerRecord<String, Reading>> flush) throws IOException {
        final Map<String, String> ttdConfig = new HashMap<>(config);
        ttdConfig.remove("state.dir");
        try (TopologyFixture ttd = new TopologyFixture(ttdConfig, Files.readString(Path.of(config.get("rules.file"))))) {
            ttd.pipeAll(input);
            flush.forEach(r -> ttd.pipe(r.value()));
            return new Expected(real(ttd.drain(MeterFlowTopics.RATES)), real(ttd.drain(MeterFlowTopics.CLOCK_DRIFT)),
                    real(ttd.drain(MeterFlowTopics.ERROR_STATS)), real(ttd.drain(MeterFlowTopics.ALERTS)));
        }
    }

    private record Expected(List<Rate> rates, List<ClockDrift> drift, List<ErrorStats> stats, List<Alert> alerts) {
    }

    private static void produce(KafkaTestCluster kafka, List<Reading> input, List<ProducerRecord<String, Reading>> flush) {
        try (KafkaProducer<String, Reading> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5),
                new StringSerializer(), MeterFlowTopics.READINGS.valueSerde().serializer())) {
            // Spread over several seconds so that the kills happen while readings still arrive.
            final int batch = Math.max(1, input.size() / 60);
            for (int i = 0; i < input.size(); i++) {
                final Reading r = input.get(i);
                producer.send(new ProducerRecord<>(MeterFlowTopics.READINGS.name(), null, r.collectedAt(), r.meterId(), r));
                if (i % batch == batch - 1) {
                    producer.flush();
                    KilledApp.pause(Duration.ofMillis(500));
                }
            }
            flush.forEach(producer::send);
            producer.flush();
        }
    }

    /** Until every topic holds the expected per-meter counts, or nothing changed for 30 s (then the diff tells why). */
    private static void awaitOutputs(KafkaTestCluster kafka, Expected expected) {
        final List<Integer> wanted = List.of(perMeter(expected.alerts(), Alert::meterId).size(),
                perMeter(expected.stats(), ErrorStats::meterId).size(), expected.rates().size(), expected.drift().size());
        final List<Integer> last = new ArrayList<>();
        final long[] changedAt = {System.nanoTime()};
        Awaitility.await("all derived records committed").atMost(Duration.ofSeconds(240))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    final List<Integer> now = List.of(
                            perMeter(committedReal(kafka, MeterFlowTopics.ALERTS), Alert::meterId).size(),
                            perMeter(committedReal(kafka, MeterFlowTopics.ERROR_STATS), ErrorStats::meterId).size(),
                            committedReal(kafka, MeterFlowTopics.RATES).size(),
                            committedReal(kafka, MeterFlowTopics.CLOCK_DRIFT).size());
                    if (!now.equals(last)) {
                        last.clear();
                        last.addAll(now);
                        changedAt[0] = System.nanoTime();
                    }
                    final boolean stalled = System.nanoTime() - changedAt[0] > Duration.ofSeconds(30).toNanos();
                    return now.equals(wanted) || stalled;
                });
    }

    private static void assertEqualsReference(KafkaTestCluster kafka, Expected expected) {
        final List<ErrorStats> stats = committedReal(kafka, MeterFlowTopics.ERROR_STATS);
        assertThat(stats).as("each window once").doesNotHaveDuplicates();
        assertSameGroups("error stats of window", byKey(perMeter(stats, ErrorStats::meterId), w -> w.meterId() + "@" + w.windowStart()),
                byKey(perMeter(expected.stats(), ErrorStats::meterId), w -> w.meterId() + "@" + w.windowStart()));
        // Fleet windows: every one, each the exact sum of its meters' windows, however the kills split the partitions.
        final List<ErrorStats> fleet = stats.stream().filter(s -> s.meterId().equals(ErrorStats.FLEET)).toList();
        assertThat(fleet).as("fleet windows").containsExactlyInAnyOrderElementsOf(expected.stats().stream()
                .filter(s -> s.meterId().equals(ErrorStats.FLEET)).toList());

        final List<Alert> alerts = committedReal(kafka, MeterFlowTopics.ALERTS);
        // NO_DATA and MeterSilent are wall-clock driven, so not comparable with a reference; the TTD tests cover them.
        assertThat(alerts).as("alert transitions of every event-time kind").extracting(Alert::state).contains(
                AlertState.PENDING, AlertState.FIRING, AlertState.RESOLVED);
        assertThat(alerts).extracting(Alert::severity).contains(Severity.CRITICAL);
        assertSameGroups("alert transitions of (meter, rule)",
                byKey(perMeter(alerts, Alert::meterId), a -> a.meterId() + "/" + a.rule()),
                byKey(perMeter(expected.alerts(), Alert::meterId), a -> a.meterId() + "/" + a.rule()));
        assertThat(alerts).as("no transition twice").doesNotHaveDuplicates();

        assertSameGroups("rates of meter", byKey(committedReal(kafka, MeterFlowTopics.RATES), Rate::meterId),
                byKey(expected.rates(), Rate::meterId));
        assertSameGroups("clock drift of meter", byKey(committedReal(kafka, MeterFlowTopics.CLOCK_DRIFT), ClockDrift::meterId),
                byKey(expected.drift(), ClockDrift::meterId));
    }

    private static void assertHealthAndMetrics(StreamsApp app) throws Exception {
        Awaitility.await("app RUNNING").atMost(Duration.ofSeconds(60)).until(() -> app.state() == KafkaStreams.State.RUNNING);
        final HttpClient http = HttpClient.newHttpClient();
        final String base = "http://127.0.0.1:" + app.httpPort();
        final HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create(base + "/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).contains("\"streams\":\"RUNNING\"");
        final HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        final String metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics)
                .contains("meterflow_streams_records_total{kind=\"duplicate\"}")
                .contains("meterflow_streams_alert_transitions_total{")
                .contains("kafka_stream_thread_process_total");
    }

    /** Committed (read_committed) records of a topic, each validated against its schema; flush meters left out. */
    private static <V extends EventTimed> List<V> committedReal(KafkaTestCluster kafka, Topic<V> topic) {
        return real(KilledApp.committed(kafka, topic));
    }

    private static <V> List<V> real(List<V> values) {
        return values.stream().filter(v -> !meterOf(v).startsWith("flush-")).filter(v -> !(v instanceof ErrorStats s
                && s.meterId().equals(ErrorStats.FLEET) && s.windowStart() > START + MINUTES * 60_000L)).toList();
    }

    private static String meterOf(Object v) {
        return ((MeterRecord) v).meterId();
    }

    /** Equal groups, each in the same order; a failure shows only the groups that differ. */
    private static <V> void assertSameGroups(String what, Map<String, List<V>> actual, Map<String, List<V>> expected) {
        assertThat(actual.keySet()).as(what).containsExactlyInAnyOrderElementsOf(expected.keySet());
        final List<String> differing = expected.keySet().stream().filter(k -> !expected.get(k).equals(actual.get(k))).toList();
        assertThat(differing).as("%s %s differ; first: expected %s%n but was %s", what, differing,
                differing.isEmpty() ? null : expected.get(differing.get(0)),
                differing.isEmpty() ? null : actual.get(differing.get(0))).isEmpty();
    }

    private static <V> List<V> perMeter(List<V> values, Function<V, String> meterId) {
        return values.stream().filter(v -> !meterId.apply(v).equals(ErrorStats.FLEET)).toList();
    }

    private static <V> Map<String, List<V>> byKey(List<V> values, Function<V, String> key) {
        return values.stream().collect(Collectors.groupingBy(key, java.util.TreeMap::new, Collectors.toList()));
    }
}
