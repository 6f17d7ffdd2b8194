package io.meterflow.streams.config;

import io.meterflow.schema.ReadingSource;
import io.meterflow.streams.storage.BoundedMemoryRocksDBConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** Typed configuration of the streams app. Load it with {@link StreamsAppConfigLoader}. */
public final class StreamsAppConfig extends AbstractConfig {

    /** Every key under this prefix goes to Kafka Streams (and its clients) with the prefix removed. */
    public static final String STREAMS_PREFIX = "streams.";

    public static final String BOOTSTRAP_SERVERS_CONFIG = "bootstrap.servers";
    public static final String APPLICATION_ID_CONFIG = "application.id";
    public static final String STATE_DIR_CONFIG = "state.dir";
    public static final String PROCESSING_GUARANTEE_CONFIG = "processing.guarantee";
    public static final String COMMIT_INTERVAL_MS_CONFIG = "commit.interval.ms";
    public static final String NUM_STREAM_THREADS_CONFIG = "num.stream.threads";
    public static final String NUM_STANDBY_REPLICAS_CONFIG = "num.standby.replicas";
    public static final String CACHE_MAX_BYTES_CONFIG = "statestore.cache.max.bytes";
    public static final String OBJECT_CACHE_ENTRIES_CONFIG = "state.object.cache.entries";
    /** Default {@code producer.batch.size} of the app ({@code streams.producer.batch.size} overrides it). */
    public static final int PRODUCER_BATCH_BYTES = 128 * 1024;
    public static final String ROCKSDB_BLOCK_CACHE_BYTES_CONFIG = BoundedMemoryRocksDBConfig.BLOCK_CACHE_BYTES_CONFIG;
    public static final String ROCKSDB_WRITE_BUFFER_BYTES_CONFIG = BoundedMemoryRocksDBConfig.WRITE_BUFFER_BYTES_CONFIG;
    public static final String RULES_FILE_CONFIG = "rules.file";
    public static final String HTTP_HOST_CONFIG = "http.host";
    public static final String HTTP_PORT_CONFIG = "http.port";
    public static final String CLOSE_TIMEOUT_CONFIG = "close.timeout";
    public static final String RATES_OBIS_CONFIG = "rates.obis";
    public static final String RATES_MODULUS_CONFIG = "rates.register.modulus";
    public static final String RATES_ROLLOVER_BAND_CONFIG = "rates.rollover.band";
    public static final String WINDOW_SIZES_CONFIG = "error.stats.window.sizes";
    public static final String WINDOW_GRACE_CONFIG = "error.stats.grace";
    public static final String INPUT_PARTITIONS_CONFIG = "input.partitions";
    public static final String IDLE_PARTITION_TIMEOUT_CONFIG = "error.stats.idle.partition.timeout";
    public static final String EXPECTED_INTERVAL_DLMS_CONFIG = "expected.interval.dlms";
    public static final String EXPECTED_INTERVAL_MQTT_CONFIG = "expected.interval.mqtt";
    public static final String EXPECTED_INTERVAL_METERS_CONFIG = "expected.interval.meters";
    public static final String DRIFT_TREND_SAMPLES_CONFIG = "drift.trend.samples";
    public static final String PUNCTUATION_INTERVAL_CONFIG = "alerts.punctuation.interval";
    public static final String CATCH_UP_LAG_CONFIG = "alerts.catch.up.lag";
    public static final String ALERTMANAGER_URL_CONFIG = "alertmanager.url";
    public static final String ALERTMANAGER_SYNC_INTERVAL_CONFIG = "alertmanager.sync.interval";
    public static final String ALERTMANAGER_RESEND_INTERVAL_CONFIG = "alertmanager.resend.interval";
    public static final String ALERTMANAGER_TIMEOUT_CONFIG = "alertmanager.timeout";
    public static final String ALERTMANAGER_ACK_SILENCE_CONFIG = "alertmanager.ack.silence";
    public static final String LEDGER_ENABLED_CONFIG = "ledger.enabled";
    public static final String LEDGER_DEFAULT_CAPTURE_PERIOD_CONFIG = "ledger.default.capture.period";
    public static final String LEDGER_ALLOWED_LAG_CONFIG = "ledger.allowed.lag";
    public static final String LEDGER_RETENTION_CONFIG = "ledger.retention";
    public static final String LEDGER_MAX_OPEN_GAPS_CONFIG = "ledger.max.open.gaps";
    public static final String LEDGER_PUNCTUATION_INTERVAL_CONFIG = "ledger.punctuation.interval";
    public static final String BACKFILL_REQUEST_TIMEOUT_CONFIG = "backfill.request.timeout";
    public static final String BACKFILL_MAX_ATTEMPTS_CONFIG = "backfill.max.attempts";
    public static final String BACKFILL_RETRY_BACKOFF_CONFIG = "backfill.retry.backoff";
    public static final String BACKFILL_RETRY_BACKOFF_MAX_CONFIG = "backfill.retry.backoff.max";
    public static final String BACKFILL_MAX_RANGE_CONFIG = "backfill.max.range";
    public static final String ESTIMATION_MAX_GAP_CONFIG = "estimation.max.gap";
    public static final String VALIDATION_RULES_FILE_CONFIG = "validation.rules.file";

    public static final ConfigDef CONFIG_DEF = configDef();

    public StreamsAppConfig(Map<?, ?> props) {
        super(CONFIG_DEF, props, false);
        if (windowSizes().isEmpty()) {
            throw new ConfigException(WINDOW_SIZES_CONFIG, getList(WINDOW_SIZES_CONFIG), "at least one window size");
        }
        final double band = getDouble(RATES_ROLLOVER_BAND_CONFIG);
        if (band <= 0 || band >= 0.5) {
            throw new ConfigException(RATES_ROLLOVER_BAND_CONFIG, band, "must be in (0, 0.5)");
        }
        expectedIntervals();
        alertmanagerUrl();
        intervalData();
        if (alertmanagerSyncInterval().compareTo(alertmanagerResendInterval()) > 0) {
            throw new ConfigException(ALERTMANAGER_SYNC_INTERVAL_CONFIG, getString(ALERTMANAGER_SYNC_INTERVAL_CONFIG),
                    "must not be longer than " + ALERTMANAGER_RESEND_INTERVAL_CONFIG);
        }
    }

    private static ConfigDef configDef() {
        final ConfigDef def = new ConfigDef();
        addKafka(def);
        addStorage(def);
        addServing(def);
        addDerivation(def);
        addNotifications(def);
        addIntervalData(def);
        return def;
    }

    private static void addKafka(ConfigDef def) {
        final String group = "Kafka";
        int order = 0;
        def.define(BOOTSTRAP_SERVERS_CONFIG, Type.STRING, "localhost:9092", new ConfigDef.NonEmptyString(), Importance.HIGH,
                "Kafka bootstrap servers.", group, ++order, ConfigDef.Width.LONG, "Bootstrap servers");
        def.define(APPLICATION_ID_CONFIG, Type.STRING, "meterflow-streams", new ConfigDef.NonEmptyString(), Importance.HIGH,
                "Kafka Streams application id: consumer group, transactional id and internal topic prefix.",
                group, ++order, ConfigDef.Width.MEDIUM, "Application id");
        def.define(PROCESSING_GUARANTEE_CONFIG, Type.STRING, StreamsConfig.EXACTLY_ONCE_V2,
                ValidString.in(StreamsConfig.EXACTLY_ONCE_V2, StreamsConfig.AT_LEAST_ONCE), Importance.MEDIUM,
                "exactly_once_v2 (alert transitions written exactly once) or at_least_once.",
                group, ++order, ConfigDef.Width.SHORT, "Processing guarantee");
        def.define(COMMIT_INTERVAL_MS_CONFIG, Type.LONG, 100L, Range.atLeast(1), Importance.MEDIUM,
                "How often Streams commits (and, under exactly_once_v2, makes output visible).",
                group, ++order, ConfigDef.Width.SHORT, "Commit interval");
        def.define(NUM_STREAM_THREADS_CONFIG, Type.INT, 1, Range.atLeast(1), Importance.MEDIUM,
                "Stream threads in this instance.", group, ++order, ConfigDef.Width.SHORT, "Stream threads");
        def.define(NUM_STANDBY_REPLICAS_CONFIG, Type.INT, 0, Range.between(0, 10), Importance.MEDIUM,
                "Warm copies of each state store on other instances, for fast fail-over.",
                group, ++order, ConfigDef.Width.SHORT, "Standby replicas");
        def.define(CLOSE_TIMEOUT_CONFIG, Type.STRING, "PT30S", DurationValidator.atLeast(Duration.ZERO), Importance.LOW,
                "How long close() waits for a clean shutdown that leaves the consumer group.",
                group, ++order, ConfigDef.Width.SHORT, "Close timeout");
    }

    private static void addStorage(ConfigDef def) {
        final String group = "State";
        int order = 0;
        def.define(STATE_DIR_CONFIG, Type.STRING, "/tmp/meterflow-streams", new ConfigDef.NonEmptyString(), Importance.HIGH,
                "Directory of the local state stores (RocksDB).", group, ++order, ConfigDef.Width.LONG, "State dir");
        def.define(CACHE_MAX_BYTES_CONFIG, Type.LONG, 10L * 1024 * 1024, Range.atLeast(0), Importance.MEDIUM,
                "Record cache of all threads together (on heap).", group, ++order, ConfigDef.Width.SHORT, "Record cache");
        def.define(OBJECT_CACHE_ENTRIES_CONFIG, Type.INT, 10_000, Range.atLeast(1), Importance.MEDIUM,
                "Meter states kept deserialised on heap per task (the most recently used; about 1 KiB each), written"
                        + " to meter-state once per commit instead of once per reading.", group, ++order,
                ConfigDef.Width.SHORT, "Meter state object cache");
        def.define(ROCKSDB_BLOCK_CACHE_BYTES_CONFIG, Type.LONG, 64L * 1024 * 1024, Range.atLeast(1024 * 1024),
                Importance.MEDIUM, "Off-heap RocksDB budget shared by every store of this JVM: block cache, index and"
                        + " filter blocks and memtables together.", group, ++order, ConfigDef.Width.SHORT, "RocksDB memory");
        def.define(ROCKSDB_WRITE_BUFFER_BYTES_CONFIG, Type.LONG, 16L * 1024 * 1024, Range.atLeast(1024 * 1024),
                Importance.MEDIUM, "Part of the RocksDB budget that memtables (write buffers) may take.",
                group, ++order, ConfigDef.Width.SHORT, "RocksDB write buffers");
    }

    private static void addServing(ConfigDef def) {
        final String group = "HTTP";
        int order = 0;
        def.define(HTTP_HOST_CONFIG, Type.STRING, "0.0.0.0", Importance.LOW, "Address of /health, /ready and /metrics.",
                group, ++order, ConfigDef.Width.MEDIUM, "HTTP host");
        def.define(HTTP_PORT_CONFIG, Type.INT, 8081, Range.between(-1, 65535), Importance.MEDIUM,
                "Port of /health, /ready and /metrics; 0 takes a free port, -1 disables the endpoint.",
                group, ++order, ConfigDef.Width.SHORT, "HTTP port");
        def.define(RULES_FILE_CONFIG, Type.STRING, "config/alert-rules.yaml", new ConfigDef.NonEmptyString(),
                Importance.HIGH, "YAML file with the alert rules.", group, ++order, ConfigDef.Width.LONG, "Rules file");
    }

    private static void addDerivation(ConfigDef def) {
        final String group = "Derived telemetry";
        int order = 0;
        def.define(RATES_OBIS_CONFIG, Type.LIST, "1.0.1.8.0.255,1.0.2.8.0.255", Importance.MEDIUM,
                "Cumulative registers (OBIS) whose consecutive values become rates.", group, ++order,
                ConfigDef.Width.LONG, "Rate registers");
        def.define(RATES_MODULUS_CONFIG, Type.DOUBLE, 0.0, Range.atLeast(0), Importance.LOW,
                "Value at which cumulative registers wrap, in their unit after scaling; 0 = registers never wrap,"
                        + " every drop is a reset.", group, ++order, ConfigDef.Width.SHORT, "Register modulus");
        def.define(RATES_ROLLOVER_BAND_CONFIG, Type.DOUBLE, 0.1, Importance.LOW,
                "A drop is a rollover when the old value was in the top and the new one in the bottom band of the"
                        + " modulus (fraction).", group, ++order, ConfigDef.Width.SHORT, "Rollover band");
        def.define(WINDOW_SIZES_CONFIG, Type.LIST, "PT5M", DurationValidator.listOfAtLeast(Duration.ofSeconds(1)),
                Importance.MEDIUM, "Tumbling window sizes of meter-error-stats; the first one is what alert rules"
                        + " evaluate unless a rule names another.", group, ++order, ConfigDef.Width.MEDIUM, "Window sizes");
        def.define(WINDOW_GRACE_CONFIG, Type.STRING, "PT1M", DurationValidator.atLeast(Duration.ZERO), Importance.MEDIUM,
                "How long after its end a window still accepts late readings before its final result is written.",
                group, ++order, ConfigDef.Width.SHORT, "Window grace");
        def.define(INPUT_PARTITIONS_CONFIG, Type.INT, 0, Range.atLeast(0), Importance.LOW,
                "Partitions of meter-readings; the fleet roll-up waits for all of them. 0 = ask the broker at start.",
                group, ++order, ConfigDef.Width.SHORT, "Input partitions");
        def.define(IDLE_PARTITION_TIMEOUT_CONFIG, Type.STRING, "PT5M", DurationValidator.atLeast(Duration.ofSeconds(1)),
                Importance.LOW, "Wall-clock time without new data after which a partition no longer holds back the"
                        + " fleet-wide windows.", group, ++order, ConfigDef.Width.SHORT, "Idle partition timeout");
        def.define(EXPECTED_INTERVAL_DLMS_CONFIG, Type.STRING, "PT1M", Importance.MEDIUM,
                "Expected reading interval of DLMS meters (their poll interval); empty = none.",
                group, ++order, ConfigDef.Width.SHORT, "DLMS interval");
        def.define(EXPECTED_INTERVAL_MQTT_CONFIG, Type.STRING, "", Importance.MEDIUM,
                "Expected publish interval of MQTT meters; empty = none (they publish at will).",
                group, ++order, ConfigDef.Width.SHORT, "MQTT interval");
        def.define(EXPECTED_INTERVAL_METERS_CONFIG, Type.LIST, "", Importance.LOW,
                "Per-meter expected intervals overriding the source default: meterId=PT30S,other=PT15M.",
                group, ++order, ConfigDef.Width.LONG, "Per-meter intervals");
        def.define(DRIFT_TREND_SAMPLES_CONFIG, Type.INT, 10, Range.between(2, 1000), Importance.LOW,
                "How many recent drift samples the trend (s/day) is fitted to.", group, ++order,
                ConfigDef.Width.SHORT, "Drift samples");
        def.define(PUNCTUATION_INTERVAL_CONFIG, Type.STRING, "PT30S", DurationValidator.atLeast(Duration.ofMillis(100)),
                Importance.LOW, "Wall-clock period of the MeterSilent and NO_DATA checks.", group, ++order,
                ConfigDef.Width.SHORT, "Punctuation interval");
        def.define(CATCH_UP_LAG_CONFIG, Type.STRING, "PT5M", DurationValidator.atLeast(Duration.ofSeconds(1)),
                Importance.LOW, "A task whose newest event time is this far behind the wall clock while records "
                        + "still arrive is replaying a backlog: the MeterSilent and NO_DATA checks wait until it has "
                        + "caught up.", group, ++order, ConfigDef.Width.SHORT, "Catch-up lag");
    }

    private static void addNotifications(ConfigDef def) {
        final String group = "Alertmanager notifications";
        int order = 0;
        def.define(ALERTMANAGER_URL_CONFIG, Type.STRING, "", Importance.MEDIUM,
                "Base URL of Alertmanager (http://alertmanager:9093). Set, per-meter alert transitions go to its v2 API"
                        + " (labels alertname=rule, meterId, rule, severity, layer=meter) and acknowledged or shelved"
                        + " alerts are silenced there; empty = no notifications.", group, ++order,
                ConfigDef.Width.LONG, "Alertmanager URL");
        def.define(ALERTMANAGER_SYNC_INTERVAL_CONFIG, Type.STRING, "PT5S", DurationValidator.atLeast(Duration.ofMillis(100)),
                Importance.LOW, "How soon (wall clock) a transition or an operator command reaches Alertmanager.",
                group, ++order, ConfigDef.Width.SHORT, "Sync interval");
        def.define(ALERTMANAGER_RESEND_INTERVAL_CONFIG, Type.STRING, "PT1M", DurationValidator.atLeast(Duration.ofSeconds(1)),
                Importance.LOW, "Firing alerts are posted again this often, each time ending four intervals ahead, so"
                        + " Alertmanager never resolves them by timeout while they fire (keep it well under its"
                        + " resolve_timeout).", group, ++order, ConfigDef.Width.SHORT, "Resend interval");
        def.define(ALERTMANAGER_TIMEOUT_CONFIG, Type.STRING, "PT5S", DurationValidator.atLeast(Duration.ofMillis(100)),
                Importance.LOW, "Timeout of each call to Alertmanager.", group, ++order, ConfigDef.Width.SHORT,
                "HTTP timeout");
        def.define(ALERTMANAGER_ACK_SILENCE_CONFIG, Type.STRING, "PT24H", DurationValidator.atLeast(Duration.ofMinutes(1)),
                Importance.LOW, "The silence of an acknowledged alert runs this far ahead and is renewed at half of it,"
                        + " until the episode resolves or is unacknowledged (then it is expired).", group, ++order,
                ConfigDef.Width.SHORT, "Acknowledgement silence");
    }

    private static void addIntervalData(ConfigDef def) {
        final String group = "Interval data: ledger, backfill, validation, estimation";
        int order = 0;
        def.define(LEDGER_ENABLED_CONFIG, Type.BOOLEAN, true, Importance.MEDIUM,
                "Read meter-intervals and meter-backfill-outcomes: keep the completeness ledger (meter-completeness),"
                        + " ask for re-reads (meter-backfill-requests), validate and estimate (meter-intervals-validated)."
                        + " Off, the app reads neither topic.", group, ++order, ConfigDef.Width.SHORT, "Ledger enabled");
        def.define(LEDGER_DEFAULT_CAPTURE_PERIOD_CONFIG, Type.STRING, "PT15M", DurationValidator.atLeast(Duration.ofSeconds(1)),
                Importance.MEDIUM, "Capture period of a meter whose rows do not carry capturePeriodSeconds (MQTT,"
                        + " records before meter-intervals 1.2.0).", group, ++order, ConfigDef.Width.SHORT,
                "Default capture period");
        def.define(LEDGER_ALLOWED_LAG_CONFIG, Type.STRING, "", Importance.MEDIUM,
                "How far behind the ledger clock a capture time must be before its row counts as missing; empty ="
                        + " 2 x the meter's capture period.", group, ++order, ConfigDef.Width.SHORT, "Allowed lag");
        def.define(LEDGER_RETENTION_CONFIG, Type.STRING, "P7D", DurationValidator.atLeast(Duration.ofDays(1)),
                Importance.MEDIUM, "UTC days the ledger keeps per meter (whole days from the ledger clock less this);"
                        + " older rows are neither counted nor re-read.", group, ++order, ConfigDef.Width.SHORT,
                "Ledger retention");
        def.define(LEDGER_MAX_OPEN_GAPS_CONFIG, Type.INT, 100, Range.atLeast(1), Importance.LOW,
                "Open (MISSING or REQUESTED) gaps a meter may have; beyond it the oldest are given up as UNRECOVERABLE"
                        + " (they still recover when their rows arrive).", group, ++order, ConfigDef.Width.SHORT,
                "Max open gaps");
        def.define(LEDGER_PUNCTUATION_INTERVAL_CONFIG, Type.STRING, "PT30S", DurationValidator.atLeast(Duration.ofMillis(100)),
                Importance.LOW, "Wall-clock period at which the ledger finds trailing gaps, asks for re-reads and"
                        + " retries.", group, ++order, ConfigDef.Width.SHORT, "Ledger punctuation interval");
        def.define(BACKFILL_REQUEST_TIMEOUT_CONFIG, Type.STRING, "PT5M", DurationValidator.atLeast(Duration.ofSeconds(1)),
                Importance.MEDIUM, "A request with no outcome this long after it was sent counts as failed.",
                group, ++order, ConfigDef.Width.SHORT, "Request timeout");
        def.define(BACKFILL_MAX_ATTEMPTS_CONFIG, Type.INT, 5, Range.between(1, 100), Importance.MEDIUM,
                "Attempts per range (the first request included); then the range is UNRECOVERABLE.",
                group, ++order, ConfigDef.Width.SHORT, "Max attempts");
        def.define(BACKFILL_RETRY_BACKOFF_CONFIG, Type.STRING, "PT1M", DurationValidator.atLeast(Duration.ofMillis(100)),
                Importance.LOW, "Wait before the second attempt after a failure or timeout; doubled per attempt.",
                group, ++order, ConfigDef.Width.SHORT, "Retry backoff");
        def.define(BACKFILL_RETRY_BACKOFF_MAX_CONFIG, Type.STRING, "PT30M", DurationValidator.atLeast(Duration.ofMillis(100)),
                Importance.LOW, "Cap of the doubled retry backoff.", group, ++order, ConfigDef.Width.SHORT,
                "Retry backoff cap");
        def.define(BACKFILL_MAX_RANGE_CONFIG, Type.STRING, "PT24H", DurationValidator.atLeast(Duration.ofSeconds(1)),
                Importance.LOW, "Longest range one request asks for; longer gaps become several requests.",
                group, ++order, ConfigDef.Width.SHORT, "Max request range");
        def.define(ESTIMATION_MAX_GAP_CONFIG, Type.STRING, "PT2H", DurationValidator.atLeast(Duration.ZERO),
                Importance.MEDIUM, "Longest unrecoverable gap (missing rows x capture period) filled by linear"
                        + " interpolation between the real rows at both ends; PT0S = no estimation.",
                group, ++order, ConfigDef.Width.SHORT, "Max estimated gap");
        def.define(VALIDATION_RULES_FILE_CONFIG, Type.STRING, "config/validation-rules.yaml",
                new ConfigDef.NonEmptyString(), Importance.HIGH, "YAML file with the validation rules of"
                        + " meter-intervals-validated.", group, ++order, ConfigDef.Width.LONG, "Validation rules file");
    }

    /** The interval-data settings, checked across keys. */
    public IntervalDataSettings intervalData() {
        final Duration backoff = duration(BACKFILL_RETRY_BACKOFF_CONFIG);
        final Duration backoffMax = duration(BACKFILL_RETRY_BACKOFF_MAX_CONFIG);
        if (backoff.compareTo(backoffMax) > 0) {
            throw new ConfigException(BACKFILL_RETRY_BACKOFF_CONFIG, getString(BACKFILL_RETRY_BACKOFF_CONFIG),
                    "must not be longer than " + BACKFILL_RETRY_BACKOFF_MAX_CONFIG);
        }
        final Duration period = duration(LEDGER_DEFAULT_CAPTURE_PERIOD_CONFIG);
        final Duration maxRange = duration(BACKFILL_MAX_RANGE_CONFIG);
        if (maxRange.compareTo(period) < 0) {
            throw new ConfigException(BACKFILL_MAX_RANGE_CONFIG, getString(BACKFILL_MAX_RANGE_CONFIG),
                    "must be at least " + LEDGER_DEFAULT_CAPTURE_PERIOD_CONFIG + " (" + period + ")");
        }
        if (period.toMillis() % 1000 != 0) {
            throw new ConfigException(LEDGER_DEFAULT_CAPTURE_PERIOD_CONFIG, period, "must be whole seconds");
        }
        return new IntervalDataSettings(getBoolean(LEDGER_ENABLED_CONFIG), (int) period.toSeconds(),
                optionalDuration(LEDGER_ALLOWED_LAG_CONFIG).orElse(null), duration(LEDGER_RETENTION_CONFIG),
                getInt(LEDGER_MAX_OPEN_GAPS_CONFIG), duration(LEDGER_PUNCTUATION_INTERVAL_CONFIG),
                duration(BACKFILL_REQUEST_TIMEOUT_CONFIG), getInt(BACKFILL_MAX_ATTEMPTS_CONFIG), backoff, backoffMax,
                maxRange, duration(ESTIMATION_MAX_GAP_CONFIG), Path.of(getString(VALIDATION_RULES_FILE_CONFIG)));
    }

    /** Alertmanager to notify, when set. */
    public java.util.Optional<java.net.URI> alertmanagerUrl() {
        final String url = getString(ALERTMANAGER_URL_CONFIG).trim();
        if (url.isEmpty()) {
            return java.util.Optional.empty();
        }
        try {
            final java.net.URI uri = new java.net.URI(url);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new ConfigException(ALERTMANAGER_URL_CONFIG, url, "must be an http(s) URL such as http://alertmanager:9093");
            }
            return java.util.Optional.of(uri);
        } catch (java.net.URISyntaxException e) {
            throw new ConfigException(ALERTMANAGER_URL_CONFIG, url, "must be an http(s) URL: " + e.getMessage());
        }
    }

    public Duration alertmanagerSyncInterval() {
        return duration(ALERTMANAGER_SYNC_INTERVAL_CONFIG);
    }

    public Duration alertmanagerResendInterval() {
        return duration(ALERTMANAGER_RESEND_INTERVAL_CONFIG);
    }

    public Duration alertmanagerTimeout() {
        return duration(ALERTMANAGER_TIMEOUT_CONFIG);
    }

    public Duration alertmanagerAckSilence() {
        return duration(ALERTMANAGER_ACK_SILENCE_CONFIG);
    }

    public String bootstrapServers() {
        return getString(BOOTSTRAP_SERVERS_CONFIG);
    }

    public String applicationId() {
        return getString(APPLICATION_ID_CONFIG);
    }

    public Path stateDir() {
        return Path.of(getString(STATE_DIR_CONFIG));
    }

    public Path rulesFile() {
        return Path.of(getString(RULES_FILE_CONFIG));
    }

    public String httpHost() {
        return getString(HTTP_HOST_CONFIG);
    }

    public int httpPort() {
        return getInt(HTTP_PORT_CONFIG);
    }

    public int objectCacheEntries() {
        return getInt(OBJECT_CACHE_ENTRIES_CONFIG);
    }

    public Duration closeTimeout() {
        return duration(CLOSE_TIMEOUT_CONFIG);
    }

    public List<String> rateObis() {
        return getList(RATES_OBIS_CONFIG);
    }

    public double registerModulus() {
        return getDouble(RATES_MODULUS_CONFIG);
    }

    public double rolloverBand() {
        return getDouble(RATES_ROLLOVER_BAND_CONFIG);
    }

    public List<Duration> windowSizes() {
        return getList(WINDOW_SIZES_CONFIG).stream().map(s -> DurationValidator.parse(WINDOW_SIZES_CONFIG, s)).toList();
    }

    public Duration windowGrace() {
        return duration(WINDOW_GRACE_CONFIG);
    }

    /** Readings older than this behind a meter's newest one are late for every window. */
    public Duration lateHorizon() {
        return windowSizes().stream().max(Comparator.naturalOrder()).orElseThrow().plus(windowGrace());
    }

    /** Partitions of the input topic; 0 until {@link #withInputPartitions(int)} has filled it in. */
    public int inputPartitions() {
        return getInt(INPUT_PARTITIONS_CONFIG);
    }

    public StreamsAppConfig withInputPartitions(int partitions) {
        final Map<Object, Object> props = new HashMap<>(originals());
        props.put(INPUT_PARTITIONS_CONFIG, partitions);
        return new StreamsAppConfig(props);
    }

    public Duration idlePartitionTimeout() {
        return duration(IDLE_PARTITION_TIMEOUT_CONFIG);
    }

    public int driftTrendSamples() {
        return getInt(DRIFT_TREND_SAMPLES_CONFIG);
    }

    public Duration punctuationInterval() {
        return duration(PUNCTUATION_INTERVAL_CONFIG);
    }

    public Duration catchUpLag() {
        return duration(CATCH_UP_LAG_CONFIG);
    }

    public ExpectedIntervals expectedIntervals() {
        final Map<ReadingSource, Duration> perSource = new EnumMap<>(ReadingSource.class);
        optionalDuration(EXPECTED_INTERVAL_DLMS_CONFIG).ifPresent(d -> perSource.put(ReadingSource.DLMS, d));
        optionalDuration(EXPECTED_INTERVAL_MQTT_CONFIG).ifPresent(d -> perSource.put(ReadingSource.MQTT, d));
        final Map<String, Duration> perMeter = new HashMap<>();
        for (String entry : getList(EXPECTED_INTERVAL_METERS_CONFIG)) {
            final int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException(EXPECTED_INTERVAL_METERS_CONFIG, entry, "expected meterId=ISO-duration");
            }
            perMeter.put(entry.substring(0, eq).trim(),
                    positive(EXPECTED_INTERVAL_METERS_CONFIG, DurationValidator.parse(EXPECTED_INTERVAL_METERS_CONFIG,
                            entry.substring(eq + 1))));
        }
        return new ExpectedIntervals(perMeter, perSource);
    }

    /** The properties of the KafkaStreams instance: our typed settings plus every {@code streams.*} key. */
    public Properties streamsProperties() {
        final Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir().toString());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, getString(PROCESSING_GUARANTEE_CONFIG));
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, getLong(COMMIT_INTERVAL_MS_CONFIG));
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, getInt(NUM_STREAM_THREADS_CONFIG));
        p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, getInt(NUM_STANDBY_REPLICAS_CONFIG));
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, getLong(CACHE_MAX_BYTES_CONFIG));
        p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedMemoryRocksDBConfig.class);
        p.put(ROCKSDB_BLOCK_CACHE_BYTES_CONFIG, getLong(ROCKSDB_BLOCK_CACHE_BYTES_CONFIG));
        p.put(ROCKSDB_WRITE_BUFFER_BYTES_CONFIG, getLong(ROCKSDB_WRITE_BUFFER_BYTES_CONFIG));
        // A record that is not a Reading is logged with topic, partition and offset and skipped, not fatal.
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        // The app writes several small records per reading (outputs and changelogs) to many partitions in each
        // transaction; with the 16 KiB default a backlog fills a batch every few ms, one produce request each.
        // 128 KiB batches nearly doubled the full topology's records/s in the benchmark (docs/benchmarks.md).
        p.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), PRODUCER_BATCH_BYTES);
        originalsWithPrefix(STREAMS_PREFIX).forEach(p::put);
        return p;
    }

    private Duration duration(String key) {
        return DurationValidator.parse(key, getString(key));
    }

    private java.util.Optional<Duration> optionalDuration(String key) {
        final String text = getString(key);
        if (text == null || text.isBlank()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(positive(key, DurationValidator.parse(key, text)));
    }

    private static Duration positive(String key, Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new ConfigException(key, d, "must be positive");
        }
        return d;
    }
}
