package io.meterflow.streams.it;

import io.meterflow.schema.BackfillOutcome;
import io.meterflow.schema.BackfillRequest;
import io.meterflow.schema.BackfillResult;
import io.meterflow.schema.Completeness;
import io.meterflow.schema.Gap;
import io.meterflow.schema.GapState;
import io.meterflow.schema.Interval;
import io.meterflow.schema.MeterValue;
import io.meterflow.schema.Provenance;
import io.meterflow.schema.topic.MeterFlowTopics;
import io.meterflow.schema.topic.Topic;
import io.meterflow.testing.kafka.KafkaExtension;
import io.meterflow.testing.kafka.KafkaTestCluster;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ledger with a real broker, the app in a child JVM SIGKILLed twice while it asks for re-reads, and a stand-in for
 * the DLMS source that fails every first attempt and answers later ones with the rows (provenance BACKFILL). Under
 * exactly_once_v2 every (request id, attempt) is committed once, and every meter ends with every row.
 */
@ExtendWith(KafkaExtension.class)
class LedgerKillAndRestartIT {

    private static final int PARTITIONS = 3;
    private static final int METERS = 20;
    private static final int ROWS = 28;
    private static final long PERIOD = 900_000;
    /** Rows end an hour ago; with a 2 h allowed lag the wall clock never expects one more during the test. */
    private static final long LAST_ROW = Math.floorDiv(System.currentTimeMillis() - 3_600_000, PERIOD) * PERIOD;

    @Test
    void requestsSurviveKillsOnceEachAndEveryMeterEndsComplete(KafkaTestCluster kafka, @TempDir Path dir) throws Exception {
        KilledApp.freshTopics(kafka, PARTITIONS);
        final Path rules = Files.writeString(dir.resolve("rules.yaml"), "rules: []\n");
        final Map<String, String> config = KilledApp.config(kafka, dir, rules, "ledger-kill-it");
        config.put("ledger.allowed.lag", "PT2H");
        config.put("ledger.punctuation.interval", "PT1S");
        config.put("backfill.request.timeout", "PT5S");
        config.put("backfill.retry.backoff", "PT1S");
        config.put("backfill.retry.backoff.max", "PT2S");
        config.put("backfill.max.attempts", "10");
        final Path configFile = KilledApp.writeProperties(dir.resolve("streams.properties"), config);

        final Set<Long> holes = Set.of(row(3), row(4), row(9), row(15), row(16), row(17));
        produceRowsWithout(kafka, holes);
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicInteger answered = new AtomicInteger();
        final Thread source = new Thread(() -> answerRequests(kafka, stop, answered), "backfill-stand-in");
        source.start();
        final Path log = Path.of("target", "ledger-kill-it-app.log");
        try {
            KilledApp.killRepeatedly(kafka, configFile, log, 2, MeterFlowTopics.BACKFILL_REQUESTS.name(), 10);
            final StreamsAppProcess last = StreamsAppProcess.start(configFile, log);
            try {
                Awaitility.await("every meter-day complete (log: " + log + ")").atMost(Duration.ofSeconds(180))
                        .pollInterval(Duration.ofSeconds(2))
                        .until(() -> latest(kafka).size() >= METERS && latest(kafka).values().stream()
                                .allMatch(c -> c.missing() == 0));
            } finally {
                last.kill();
            }
        } finally {
            stop.set(true);
            source.join();
        }

        final List<BackfillRequest> requests = KilledApp.committed(kafka, MeterFlowTopics.BACKFILL_REQUESTS);
        final Map<String, Long> perAttempt = requests.stream().collect(Collectors.groupingBy(
                r -> r.requestId() + "#" + r.attempt(), Collectors.counting()));
        assertThat(perAttempt).as("each request id and attempt committed once").allSatisfy((id, n) -> assertThat(n).isOne());
        assertThat(requests).as("every range asked again after its failed first attempt")
                .anySatisfy(r -> assertThat(r.attempt()).isGreaterThan(1));
        for (Completeness day : latest(kafka).values()) {
            assertThat(day.received()).as("rows of %s on %s", day.meterId(), day.day()).isEqualTo(day.expected());
            // A day may have no gap at all: the rows end an hour ago, so from 01:00 to about 03:30 UTC the last rows
            // fall on a day of their own, after every hole (the holes themselves are checked below).
            assertThat(day.gaps()).extracting(Gap::state).isSubsetOf(GapState.RECOVERED);
        }
        final Set<Long> recovered = latest(kafka).values().stream().flatMap(c -> c.gaps().stream())
                .flatMap(g -> java.util.stream.LongStream.rangeClosed(0, (g.to() - g.from()) / PERIOD)
                        .mapToObj(i -> g.from() + i * PERIOD)).collect(Collectors.toCollection(TreeSet::new));
        assertThat(recovered).as("the holes, recovered").containsExactlyInAnyOrderElementsOf(new TreeSet<>(holes));
    }

    private static long row(int index) {
        return LAST_ROW - (ROWS - 1 - index) * PERIOD;
    }

    private static String meter(int m) {
        return "ledger-" + m;
    }

    private static Interval interval(String meterId, long capturedAt, Provenance provenance) {
        return new Interval(meterId, capturedAt, List.of(new MeterValue("1.0.1.8.0.255", capturedAt / PERIOD % 100_000,
                "Wh")), 0, List.of(), 0L, provenance, (int) (PERIOD / 1000));
    }

    private static void produceRowsWithout(KafkaTestCluster kafka, Set<Long> holes) {
        try (KafkaProducer<String, Interval> producer = producer(kafka, MeterFlowTopics.INTERVALS)) {
            for (int i = 0; i < ROWS; i++) {
                for (int m = 0; m < METERS; m++) {
                    if (!holes.contains(row(i))) {
                        send(producer, MeterFlowTopics.INTERVALS, interval(meter(m), row(i), Provenance.POLL), row(i));
                    }
                }
            }
        }
    }

    /** The DLMS source's part: attempt 1 fails, later attempts write the range's rows, then READ. */
    private static void answerRequests(KafkaTestCluster kafka, AtomicBoolean stop, AtomicInteger answered) {
        final Map<String, Object> props = new LinkedHashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "backfill-stand-in");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        final Topic<BackfillRequest> in = MeterFlowTopics.BACKFILL_REQUESTS;
        try (KafkaConsumer<String, BackfillRequest> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                in.valueSerde().deserializer());
             KafkaProducer<String, Interval> rows = producer(kafka, MeterFlowTopics.INTERVALS);
             KafkaProducer<String, BackfillOutcome> outcomes = producer(kafka, MeterFlowTopics.BACKFILL_OUTCOMES)) {
            consumer.subscribe(List.of(in.name()));
            while (!stop.get()) {
                for (ConsumerRecord<String, BackfillRequest> record : consumer.poll(Duration.ofMillis(200))) {
                    final BackfillRequest request = record.value();
                    final long now = System.currentTimeMillis();
                    if (request.attempt() == 1) {
                        send(outcomes, MeterFlowTopics.BACKFILL_OUTCOMES, BackfillOutcome.of(request, BackfillResult.FAILED,
                                0, null, now, "association refused (stand-in)"), now);
                    } else {
                        int read = 0;
                        for (long t = request.from(); t <= request.to(); t += PERIOD) {
                            send(rows, MeterFlowTopics.INTERVALS, interval(request.meterId(), t, Provenance.BACKFILL), t);
                            read++;
                        }
                        rows.flush();
                        send(outcomes, MeterFlowTopics.BACKFILL_OUTCOMES, BackfillOutcome.of(request, BackfillResult.READ,
                                read, null, now, null), now);
                    }
                    outcomes.flush();
                    answered.incrementAndGet();
                }
            }
        }
    }

    private static Map<String, Completeness> latest(KafkaTestCluster kafka) {
        final Map<String, Completeness> latest = new LinkedHashMap<>();
        KilledApp.committed(kafka, MeterFlowTopics.COMPLETENESS).forEach(c -> latest.put(c.meterId() + "/" + c.day(), c));
        return latest;
    }

    private static <V> KafkaProducer<String, V> producer(KafkaTestCluster kafka, Topic<V> topic) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), topic.valueSerde().serializer());
    }

    private static <V extends io.meterflow.schema.MeterRecord> void send(KafkaProducer<String, V> producer, Topic<V> topic,
                                                                        V value, long timestamp) {
        producer.send(new ProducerRecord<>(topic.name(), null, timestamp, value.meterId(), value));
    }
}
