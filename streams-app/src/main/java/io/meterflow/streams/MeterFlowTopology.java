package io.meterflow.streams;

import io.meterflow.schema.AlertCommand;
import io.meterflow.schema.AlertCommandResult;
import io.meterflow.schema.ErrorStats;
import io.meterflow.schema.Reading;
import io.meterflow.schema.serde.JsonSerde;
import io.meterflow.schema.topic.MeterFlowTopics;
import io.meterflow.schema.topic.Topic;
import io.meterflow.streams.alerts.AlertCommandProcessor;
import io.meterflow.streams.alerts.AlertProcessor;
import io.meterflow.streams.alerts.AlertRules;
import io.meterflow.streams.alerts.AlertStatusCodec;
import io.meterflow.streams.alerts.Metric;
import io.meterflow.streams.alerts.WindowEvaluations;
import io.meterflow.streams.config.IntervalDataSettings;
import io.meterflow.streams.config.StreamsAppConfig;
import io.meterflow.streams.errorstats.FleetFeed;
import io.meterflow.streams.errorstats.FleetMessage;
import io.meterflow.streams.errorstats.FleetStateCodec;
import io.meterflow.streams.errorstats.FleetWindows;
import io.meterflow.streams.intervals.IntervalInput;
import io.meterflow.streams.intervals.IntervalQualityProcessor;
import io.meterflow.streams.intervals.RegisterReadingProcessor;
import io.meterflow.streams.intervals.ValidatedIntervalCodec;
import io.meterflow.streams.ledger.LedgerPolicy;
import io.meterflow.streams.ledger.MeterLedgerCodec;
import io.meterflow.streams.meter.MeterOutput;
import io.meterflow.streams.meter.MeterStateCodec;
import io.meterflow.streams.meter.MeterStateProcessor;
import io.meterflow.streams.metrics.TopologyMetrics;
import io.meterflow.streams.notify.NotifierSettings;
import io.meterflow.streams.notify.NotifierTopology;
import io.meterflow.streams.rates.RateCalculator;
import io.meterflow.streams.storage.ObjectCachingStoreBuilder;
import io.meterflow.streams.validation.ConsumptionHistoryCodec;
import io.meterflow.streams.validation.RegisterSamplesCodec;
import io.meterflow.streams.validation.ValidationRules;
import io.meterflow.streams.validation.Validator;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.function.Function;

/**
 * The MeterFlow topology, built from configuration only (tests build the same one):
 *
 * <pre>
 * meter-readings ─▶ meter-state (dedup, late horizon, rates, drift, ─┬─▶ meter-rates
 *                   per-meter windows closed by window time)          ├─▶ meter-clock-drift
 *                                                                     ├─▶ closed windows ─┬─▶ meter-error-stats
 *                                                                     │                   └─▶ fleet (key *, watermarks) ─┬─▶ meter-error-stats
 *                                                                     │                                                  └─▶ fleet alerts ─▶ meter-alerts
 *                                                                     └─▶ evaluations and closed windows ─▶ meter alerts ─▶ meter-alerts
 *
 * meter-alert-commands ─┬─▶ meter alert commands (the meter alerts' store)        ─▶ meter-alert-command-results
 *                       └─▶ key * (single-partition repartition) ─▶ fleet alert commands (the fleet alerts' store) ─▶ ″
 *
 * meter-intervals ──────────┬─▶ interval quality (ledger, requests,  ─┬─▶ meter-completeness
 * meter-backfill-outcomes ──┘   validation, estimation; per meter)    ├─▶ meter-backfill-requests
 * meter-readings ─▶ register readings (the same validation stores) ───┴─▶ meter-intervals-validated
 * </pre>
 * The meter-state processor forwards each kind of output to its own child node ({@link MeterOutput}'s
 * {@code *_NODE}), so a reading's outputs pass no split or merge node.
 * Per-meter work needs no repartition (input keys are meter ids); only the fleet roll-up goes through one, a
 * single-partition topic of closed per-meter windows and per-partition watermarks (see {@link FleetWindows}).
 * Operator commands share the alert stores with the alert processors, so they run in the same tasks: the command
 * topic is co-partitioned with the readings (same key, same partition count; {@code StreamsApp} checks), and fleet
 * commands follow the fleet roll-up through a single-partition topic of their own.
 * With {@code alertmanager.url} set, a sub-topology of its own notifies Alertmanager (see {@link NotifierTopology}).
 * With {@code ledger.enabled} (the default), the interval-quality processor reads the profile rows, the backfill
 * outcomes and the validated register of the readings: all keyed by meterId and co-partitioned with the readings,
 * so it joins the readings' sub-topology and needs no repartition (see {@link IntervalQualityProcessor}).
 */
public final class MeterFlowTopology {

    public static final String METER_STATE_STORE = "meter-state";
    public static final String ALERT_STATE_STORE = "alert-state";
    public static final String FLEET_ALERT_STATE_STORE = "fleet-alert-state";
    public static final String LEDGER_STORE = "interval-ledger";
    public static final String HISTORY_STORE = "interval-history";
    public static final String REGISTER_SAMPLES_STORE = "register-samples";
    public static final String VALIDATED_ROWS_STORE = "validated-intervals";
    private static final int FLEET_CACHE_ENTRIES = 16;

    private MeterFlowTopology() {
    }

    /** The topology with the rules from the configured rules files and no metrics. */
    public static Topology buildTopology(StreamsAppConfig config) {
        return buildTopology(config, AlertRules.load(config.rulesFile()), TopologyMetrics.NONE);
    }

    /** The topology with these alert rules and the validation rules of the configured file (when the ledger is on). */
    public static Topology buildTopology(StreamsAppConfig config, AlertRules rules, TopologyMetrics metrics) {
        return buildTopology(config, rules, validationRules(config), metrics);
    }

    /** The validation rules the configuration names, or none when the ledger is off. */
    public static ValidationRules validationRules(StreamsAppConfig config) {
        final IntervalDataSettings settings = config.intervalData();
        return settings.enabled() ? ValidationRules.load(settings.validationRulesFile()) : ValidationRules.none();
    }

    /** @param config with {@link StreamsAppConfig#inputPartitions()} set (the fleet roll-up waits for each partition) */
    public static Topology buildTopology(StreamsAppConfig config, AlertRules rules, ValidationRules validationRules,
                                         TopologyMetrics metrics) {
        if (config.inputPartitions() < 1) {
            throw new IllegalArgumentException(StreamsAppConfig.INPUT_PARTITIONS_CONFIG
                    + " must be known to build the topology; StreamsApp asks the broker for it");
        }
        final StreamsBuilder builder = new StreamsBuilder();
        // Read and written for every reading: kept as objects, written down once per commit (several readings of a
        // meter per commit interval in a backlog become one store write and one changelog record).
        builder.addStateStore(new ObjectCachingStoreBuilder<>(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(METER_STATE_STORE), Serdes.String(), MeterStateCodec.serde()),
                config.objectCacheEntries()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ALERT_STATE_STORE),
                Serdes.String(), AlertStatusCodec.serde()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(FLEET_ALERT_STATE_STORE),
                Serdes.String(), AlertStatusCodec.serde()));

        final KStream<String, Reading> readings = builder.stream(MeterFlowTopics.READINGS.name(),
                consumed(MeterFlowTopics.READINGS).withName("readings"));
        final MeterStateProcessor.Settings meterSettings = meterSettings(config, rules);
        final KStream<String, MeterOutput> derived = readings.process(
                () -> new MeterStateProcessor(METER_STATE_STORE, meterSettings, metrics), Named.as("meter-state-processor"),
                METER_STATE_STORE);

        derived.to(MeterFlowTopics.RATES.name(), Produced.with(MeterFlowTopics.RATES.keySerde(),
                MeterOutput.writtenAs(MeterOutput.RateOut.class, MeterOutput.RateOut::rate, MeterFlowTopics.RATES.valueSerde()))
                .withName(MeterOutput.RATES_NODE));
        derived.to(MeterFlowTopics.CLOCK_DRIFT.name(), Produced.with(MeterFlowTopics.CLOCK_DRIFT.keySerde(),
                MeterOutput.writtenAs(MeterOutput.DriftOut.class, MeterOutput.DriftOut::drift,
                        MeterFlowTopics.CLOCK_DRIFT.valueSerde())).withName(MeterOutput.DRIFT_NODE));

        final KStream<String, ErrorStats> meterStats = unwrap(derived, MeterOutput.WindowStats.class,
                MeterOutput.WindowStats::stats, MeterOutput.WINDOW_STATS_NODE);
        meterStats.to(MeterFlowTopics.ERROR_STATS.name(), produced(MeterFlowTopics.ERROR_STATS, "error-stats-sink"));
        KStream<String, ErrorStats> fleetStats = null;
        for (Duration size : config.windowSizes()) {
            final long sizeMs = size.toMillis();
            final KStream<String, ErrorStats> ofSize = meterStats.filter(
                    (meterId, stats) -> stats.windowEnd() - stats.windowStart() == sizeMs, Named.as("meter-stats-" + size));
            final KStream<String, ErrorStats> fleetOfSize = fleetWindows(builder, config, ofSize, size, metrics);
            fleetOfSize.to(MeterFlowTopics.ERROR_STATS.name(), produced(MeterFlowTopics.ERROR_STATS, "fleet-stats-sink-" + size));
            fleetStats = fleetStats == null ? fleetOfSize : fleetStats.merge(fleetOfSize, Named.as("merge-fleet-stats-" + size));
        }

        final long defaultWindowMs = config.windowSizes().get(0).toMillis();
        final AlertProcessor.Settings meterAlerts = new AlertProcessor.Settings(ALERT_STATE_STORE, METER_STATE_STORE,
                rules, defaultWindowMs, config.expectedIntervals(), config.punctuationInterval(), config.catchUpLag());
        derived.process(() -> new AlertProcessor<>(meterAlerts, MeterOutput::evaluations, metrics),
                        Named.as(MeterOutput.METER_ALERTS_NODE), ALERT_STATE_STORE, METER_STATE_STORE)
                .to(MeterFlowTopics.ALERTS.name(), produced(MeterFlowTopics.ALERTS, "alerts-sink"));
        final AlertProcessor.Settings fleetAlerts = new AlertProcessor.Settings(FLEET_ALERT_STATE_STORE, null,
                rules, defaultWindowMs, config.expectedIntervals(), config.punctuationInterval(), config.catchUpLag());
        fleetStats.process(() -> new AlertProcessor<>(fleetAlerts, WindowEvaluations::of, metrics),
                        Named.as("fleet-alerts"), FLEET_ALERT_STATE_STORE)
                .to(MeterFlowTopics.ALERTS.name(), produced(MeterFlowTopics.ALERTS, "fleet-alerts-sink"));
        alertCommands(builder);
        if (config.intervalData().enabled()) {
            intervalQuality(builder, config, readings, validationRules, metrics);
        }
        config.alertmanagerUrl().ifPresent(url -> NotifierTopology.add(builder, new NotifierSettings(
                NotifierTopology.STORE, MeterFlowTopics.ALERTS.name(), MeterFlowTopics.ALERT_COMMAND_RESULTS.name(), url,
                config.alertmanagerSyncInterval(), config.alertmanagerResendInterval(),
                config.alertmanagerTimeout(), config.alertmanagerAckSilence())));
        return builder.build();
    }

    /** Commands on meter alerts go to the meter alerts' task; those on fleet alerts (key *) to the fleet's. */
    private static void alertCommands(StreamsBuilder builder) {
        final Topic<AlertCommand> in = MeterFlowTopics.ALERT_COMMANDS;
        final Topic<AlertCommandResult> out = MeterFlowTopics.ALERT_COMMAND_RESULTS;
        final KStream<String, AlertCommand> commands = builder.stream(in.name(), consumed(in).withName("alert-commands"));
        commands.filterNot((meterId, command) -> ErrorStats.FLEET.equals(meterId), Named.as("meter-alert-commands"))
                .process(() -> new AlertCommandProcessor(ALERT_STATE_STORE), Named.as("meter-alert-commands-processor"),
                        ALERT_STATE_STORE)
                .to(out.name(), produced(out, "meter-alert-command-results-sink"));
        commands.filter((meterId, command) -> ErrorStats.FLEET.equals(meterId), Named.as("fleet-alert-commands-filter"))
                .repartition(Repartitioned.<String, AlertCommand>as("fleet-alert-commands").withKeySerde(in.keySerde())
                        .withValueSerde(in.valueSerde()).withNumberOfPartitions(1))
                .process(() -> new AlertCommandProcessor(FLEET_ALERT_STATE_STORE), Named.as("fleet-alert-commands"),
                        FLEET_ALERT_STATE_STORE)
                .to(out.name(), produced(out, "fleet-alert-command-results-sink"));
    }

    private static void intervalQuality(StreamsBuilder builder, StreamsAppConfig config, KStream<String, Reading> readings,
                                        ValidationRules validationRules, TopologyMetrics metrics) {
        final IntervalDataSettings settings = config.intervalData();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(LEDGER_STORE), Serdes.String(),
                MeterLedgerCodec.serde()));
        // Read and written for every profile row and every capture period of a meter's register readings (the rows
        // store also for each row judged again): kept as objects, written down once per commit. The history and the
        // register samples are mutable, and every change of one is put back at once (see ObjectCachingKeyValueStore).
        builder.addStateStore(new ObjectCachingStoreBuilder<>(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(HISTORY_STORE), Serdes.String(), ConsumptionHistoryCodec.serde()),
                config.objectCacheEntries()));
        builder.addStateStore(new ObjectCachingStoreBuilder<>(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(REGISTER_SAMPLES_STORE), Serdes.String(), RegisterSamplesCodec.serde()),
                config.objectCacheEntries()));
        builder.addStateStore(new ObjectCachingStoreBuilder<>(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(VALIDATED_ROWS_STORE), Serdes.String(), ValidatedIntervalCodec.serde()),
                config.objectCacheEntries()));
        final KStream<String, IntervalInput> input = builder.stream(MeterFlowTopics.INTERVALS.name(),
                        consumed(MeterFlowTopics.INTERVALS).withName("intervals"))
                .mapValues(interval -> (IntervalInput) new IntervalInput.Row(interval), Named.as("interval-rows"))
                .merge(builder.stream(MeterFlowTopics.BACKFILL_OUTCOMES.name(),
                                consumed(MeterFlowTopics.BACKFILL_OUTCOMES).withName("backfill-outcomes"))
                        .mapValues(outcome -> (IntervalInput) new IntervalInput.Outcome(outcome), Named.as("outcomes")),
                        Named.as("interval-inputs"));
        final IntervalQualityProcessor.Settings processor = new IntervalQualityProcessor.Settings(LEDGER_STORE,
                HISTORY_STORE, REGISTER_SAMPLES_STORE, VALIDATED_ROWS_STORE, new LedgerPolicy(settings),
                new Validator(validationRules), settings.defaultCapturePeriodSeconds(), settings.punctuationInterval(),
                config.catchUpLag());
        final KStream<String, Object> out = input.process(() -> new IntervalQualityProcessor(processor, metrics),
                Named.as("interval-quality"), LEDGER_STORE, HISTORY_STORE, REGISTER_SAMPLES_STORE, VALIDATED_ROWS_STORE);
        out.to(MeterFlowTopics.COMPLETENESS.name(), producedAs(MeterFlowTopics.COMPLETENESS,
                IntervalQualityProcessor.COMPLETENESS_NODE));
        out.to(MeterFlowTopics.BACKFILL_REQUESTS.name(), producedAs(MeterFlowTopics.BACKFILL_REQUESTS,
                IntervalQualityProcessor.REQUESTS_NODE));
        out.to(MeterFlowTopics.INTERVALS_VALIDATED.name(), producedAs(MeterFlowTopics.INTERVALS_VALIDATED,
                IntervalQualityProcessor.VALIDATED_NODE));
        if (validationRules.zero() != null || validationRules.sum() != null) {
            // A child of the readings' source: a reading passes no other node on its way to the register store.
            readings.process(() -> new RegisterReadingProcessor(processor, metrics), Named.as("register-readings"),
                            HISTORY_STORE, REGISTER_SAMPLES_STORE, VALIDATED_ROWS_STORE)
                    .to(MeterFlowTopics.INTERVALS_VALIDATED.name(),
                            produced(MeterFlowTopics.INTERVALS_VALIDATED, "register-revalidated-sink"));
        }
    }

    /** A sink of the processor's typed child node {@code name}: only values of the topic's type are forwarded to it. */
    private static <V> Produced<String, Object> producedAs(Topic<V> topic, String name) {
        final Serde<V> serde = topic.valueSerde();
        @SuppressWarnings("unchecked")
        final Serde<Object> values = Serdes.serdeFrom((t, value) -> serde.serializer().serialize(t, (V) value),
                (t, bytes) -> {
                    throw new UnsupportedOperationException("Outputs are written, never read back");
                });
        return Produced.with(topic.keySerde(), values).withName(name);
    }

    private static KStream<String, ErrorStats> fleetWindows(StreamsBuilder builder, StreamsAppConfig config,
                                                            KStream<String, ErrorStats> meterStats, Duration size,
                                                            TopologyMetrics metrics) {
        final String name = "fleet-windows-" + size;
        // One key per partition of the roll-up, read and written for every closed meter window.
        builder.addStateStore(new ObjectCachingStoreBuilder<>(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(name), Serdes.String(), FleetStateCodec.serde()), FLEET_CACHE_ENTRIES));
        return meterStats
                .process(FleetFeed.supplier(name + "-feed", config.idlePartitionTimeout()), Named.as(name + "-feed"))
                .repartition(Repartitioned.<String, FleetMessage>as(name).withKeySerde(Serdes.String())
                        .withValueSerde(new JsonSerde<>(FleetMessage.class)).withNumberOfPartitions(1))
                .process(() -> new FleetWindows(name, size, config.windowGrace(), config.inputPartitions(), metrics),
                        Named.as(name), name);
    }

    private static MeterStateProcessor.Settings meterSettings(StreamsAppConfig config, AlertRules rules) {
        return new MeterStateProcessor.Settings(new HashSet<>(config.rateObis()),
                new RateCalculator(config.registerModulus(), config.rolloverBand()), config.lateHorizon().toMillis(),
                config.windowSizes(), config.windowGrace(), config.expectedIntervals(), config.driftTrendSamples(),
                !rules.forMetric(Metric.CLOCK_DRIFT_SECONDS).isEmpty(), !rules.forMetric(Metric.COUNTER_RESET).isEmpty());
    }

    /** The child node {@code node} of the meter-state processor, which forwards only outputs of {@code kind} to it. */
    private static <T extends MeterOutput, V> KStream<String, V> unwrap(KStream<String, MeterOutput> derived,
                                                                        Class<T> kind, Function<T, V> value, String node) {
        return derived.mapValues(v -> value.apply(kind.cast(v)), Named.as(node));
    }

    private static <V> Consumed<String, V> consumed(Topic<V> topic) {
        return Consumed.with(topic.keySerde(), topic.valueSerde());
    }

    private static <V> Produced<String, V> produced(Topic<V> topic, String name) {
        return Produced.with(topic.keySerde(), topic.valueSerde()).withName(name);
    }

    /**
     * Input topics the app reads with its default configuration (the ledger on); they must exist before it starts and
     * have the same number of partitions.
     */
    public static List<Topic<?>> inputTopics() {
        return List.of(MeterFlowTopics.READINGS, MeterFlowTopics.ALERT_COMMANDS, MeterFlowTopics.INTERVALS,
                MeterFlowTopics.BACKFILL_OUTCOMES);
    }

    /** Input topics the app reads with this configuration. */
    public static List<Topic<?>> inputTopics(StreamsAppConfig config) {
        return config.intervalData().enabled() ? inputTopics()
                : List.of(MeterFlowTopics.READINGS, MeterFlowTopics.ALERT_COMMANDS);
    }

    /** Output topics the app writes with its default configuration. */
    public static List<Topic<?>> outputTopics() {
        return List.of(MeterFlowTopics.RATES, MeterFlowTopics.CLOCK_DRIFT, MeterFlowTopics.ERROR_STATS,
                MeterFlowTopics.ALERTS, MeterFlowTopics.ALERT_COMMAND_RESULTS, MeterFlowTopics.COMPLETENESS,
                MeterFlowTopics.BACKFILL_REQUESTS, MeterFlowTopics.INTERVALS_VALIDATED);
    }

    /** Every topic the app reads or writes with its default configuration: what a test or a stack must create. */
    public static List<Topic<?>> topics() {
        final List<Topic<?>> all = new ArrayList<>(inputTopics());
        all.addAll(outputTopics());
        return all;
    }
}
