package io.meterflow.streams.support;

import io.meterflow.schema.AlertCommand;
import io.meterflow.schema.BackfillOutcome;
import io.meterflow.schema.EventTimed;
import io.meterflow.schema.Interval;
import io.meterflow.schema.MeterRecord;
import io.meterflow.schema.Reading;
import io.meterflow.schema.topic.MeterFlowTopics;
import io.meterflow.schema.topic.Topic;
import io.meterflow.schema.validation.SchemaValidator;
import io.meterflow.streams.MeterFlowTopology;
import io.meterflow.streams.alerts.AlertRules;
import io.meterflow.streams.config.StreamsAppConfig;
import io.meterflow.streams.metrics.TopologyMetrics;
import io.meterflow.streams.validation.ValidationRules;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real topology in a {@link TopologyTestDriver}: readings in with explicit timestamps, outputs read back as
 * raw JSON, each one validated against its topic's JSON Schema and checked for key = meterId and record
 * timestamp = event time before it is returned.
 */
public final class TopologyFixture implements AutoCloseable {

    /** Event time and wall clock of the start of every test. */
    public static final long T0 = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();

    private static final long PUNCTUATION_SECONDS = 30;
    private static final SchemaValidator VALIDATOR = new SchemaValidator();
    private final TopologyTestDriver driver;
    private final TestInputTopic<String, Reading> readings;
    private final TestInputTopic<String, AlertCommand> commands;
    private final TestInputTopic<String, Interval> intervals;
    private final TestInputTopic<String, BackfillOutcome> outcomes;
    private final Map<String, TestOutputTopic<String, byte[]>> outputs = new HashMap<>();
    private final Path stateDir;
    private long wallClockMoved;

    public TopologyFixture(Map<String, String> config, String rulesYaml) {
        this(config, rulesYaml, TopologyMetrics.NONE);
    }

    public TopologyFixture(Map<String, String> config, String rulesYaml, TopologyMetrics metrics) {
        this(config, rulesYaml, null, metrics);
    }

    /** @param validationYaml validation rules; null = the file the configuration names (the shipped one by default) */
    public TopologyFixture(Map<String, String> config, String rulesYaml, String validationYaml, TopologyMetrics metrics) {
        try {
            stateDir = Files.createTempDirectory("topology-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        final Map<String, String> props = new HashMap<>(config);
        props.put(StreamsAppConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.putIfAbsent(StreamsAppConfig.APPLICATION_ID_CONFIG, "topology-test");
        props.put(StreamsAppConfig.INPUT_PARTITIONS_CONFIG, "1");
        final StreamsAppConfig appConfig = new StreamsAppConfig(props);
        final AlertRules rules = AlertRules.parse(rulesYaml, "test rules");
        final Properties streamsProps = appConfig.streamsProperties();
        streamsProps.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        final ValidationRules validation = validationYaml == null ? MeterFlowTopology.validationRules(appConfig)
                : ValidationRules.parse(validationYaml, "test validation rules");
        driver = new TopologyTestDriver(MeterFlowTopology.buildTopology(appConfig, rules, validation, metrics),
                streamsProps, Instant.ofEpochMilli(T0));
        readings = driver.createInputTopic(MeterFlowTopics.READINGS.name(), new StringSerializer(),
                MeterFlowTopics.READINGS.valueSerde().serializer());
        commands = driver.createInputTopic(MeterFlowTopics.ALERT_COMMANDS.name(), new StringSerializer(),
                MeterFlowTopics.ALERT_COMMANDS.valueSerde().serializer());
        intervals = appConfig.intervalData().enabled() ? driver.createInputTopic(MeterFlowTopics.INTERVALS.name(),
                new StringSerializer(), MeterFlowTopics.INTERVALS.valueSerde().serializer()) : null;
        outcomes = appConfig.intervalData().enabled() ? driver.createInputTopic(MeterFlowTopics.BACKFILL_OUTCOMES.name(),
                new StringSerializer(), MeterFlowTopics.BACKFILL_OUTCOMES.valueSerde().serializer()) : null;
    }

    /** A load-profile row as the DLMS source writes it: keyed by meterId, timestamped with its capture time. */
    public void pipe(Interval row) {
        assertThat(VALIDATOR.validate(MeterFlowTopics.INTERVALS,
                MeterFlowTopics.INTERVALS.valueSerde().serializer().serialize("", row)))
                .as("test row %s conforms to its schema", row).isEmpty();
        intervals.pipeInput(row.meterId(), row, row.capturedAt());
    }

    /** A backfill outcome as the DLMS source writes it: keyed by meterId, timestamped with its {@code at}. */
    public void pipe(BackfillOutcome outcome) {
        assertThat(VALIDATOR.validate(MeterFlowTopics.BACKFILL_OUTCOMES,
                MeterFlowTopics.BACKFILL_OUTCOMES.valueSerde().serializer().serialize("", outcome)))
                .as("test outcome %s conforms to its schema", outcome).isEmpty();
        outcomes.pipeInput(outcome.meterId(), outcome, outcome.at());
    }

    /** The wall clock now (it starts at {@link #T0} and moves only when a test moves it). */
    public long wallClock() {
        return T0 + wallClockMoved;
    }

    public void pipe(Reading reading) {
        readings.pipeInput(reading.meterId(), reading, reading.collectedAt());
    }

    /** An operator command as query-api writes it: keyed by meterId, timestamped with its {@code at}. */
    public void pipe(AlertCommand command) {
        pipe(command.meterId(), command);
    }

    /** A command under an explicit record key (a producer that broke the keying contract). */
    public void pipe(String key, AlertCommand command) {
        assertThat(VALIDATOR.validate(MeterFlowTopics.ALERT_COMMANDS,
                MeterFlowTopics.ALERT_COMMANDS.valueSerde().serializer().serialize("", command)))
                .as("test command %s conforms to its schema", command).isEmpty();
        commands.pipeInput(key, command, command.at());
    }

    /** A command as a producer that does not follow its schema might write it (unchecked). */
    public void pipeUnchecked(AlertCommand command) {
        commands.pipeInput(command.meterId(), command, command.at());
    }

    public void pipeAll(List<Reading> all) {
        all.forEach(this::pipe);
    }

    /** Moves the wall clock in one jump; each wall-clock punctuation (MeterSilent, NO_DATA) runs once. */
    public void advanceWallClock(Duration by) {
        wallClockMoved += by.toMillis();
        driver.advanceWallClockTime(by);
    }

    /** Lets {@code total} of wall-clock time pass as on a running app: a punctuation every 30 s (the default). */
    public void passWallClock(Duration total) {
        for (long step = 0; step < total.toSeconds(); step += PUNCTUATION_SECONDS) {
            advanceWallClock(Duration.ofSeconds(PUNCTUATION_SECONDS));
        }
    }

    /** The values written to {@code topic} since the last call, each validated against the topic's schema. */
    public <V extends EventTimed> List<V> drain(Topic<V> topic) {
        final TestOutputTopic<String, byte[]> out = outputs.computeIfAbsent(topic.name(), name ->
                driver.createOutputTopic(name, new StringDeserializer(), new ByteArrayDeserializer()));
        final List<V> values = new ArrayList<>();
        for (TestRecord<String, byte[]> record : out.readRecordsToList()) {
            assertThat(VALIDATOR.validate(topic, record.value()))
                    .as("schema violations of %s record %s", topic.name(), new String(record.value()))
                    .isEmpty();
            final V value = topic.valueSerde().deserializer().deserialize(topic.name(), record.value());
            assertThat(record.timestamp()).as("record timestamp = event time of %s", value).isEqualTo(value.eventTime());
            if (value instanceof MeterRecord meterRecord) {
                assertThat(record.key()).as("key = meterId of %s", value).isEqualTo(meterRecord.meterId());
            }
            values.add(value);
        }
        return values;
    }

    /**
     * The values written so far to the internal topic {@code <application.id>-<suffix>} (a repartition topic), to
     * measure what goes through it.
     */
    public <V> List<V> internalRecords(String suffix, org.apache.kafka.common.serialization.Serde<V> serde) {
        final TestOutputTopic<String, V> out = driver.createOutputTopic("topology-test-" + suffix,
                new StringDeserializer(), serde.deserializer());
        return out.readValuesToList();
    }

    @Override
    public void close() {
        driver.close();
        try (var files = Files.walk(stateDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a temp dir
        }
    }
}
