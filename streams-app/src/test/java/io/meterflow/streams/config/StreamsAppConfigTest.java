package io.meterflow.streams.config;

import io.meterflow.schema.ReadingSource;
import io.meterflow.streams.storage.BoundedMemoryRocksDBConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StreamsAppConfigTest {

    private static final Path DEFAULTS = Path.of("config/streams.properties");

    @Test
    void theShippedFileGivesExactlyOnceWithBoundedRocksDbMemory() {
        final StreamsAppConfig config = StreamsAppConfigLoader.load(DEFAULTS, Map.of());
        final Properties p = config.streamsProperties();

        assertThat(p.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
        assertThat(p.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo(100L);
        assertThat(p.get(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG)).isEqualTo(BoundedMemoryRocksDBConfig.class);
        assertThat(p.get(BoundedMemoryRocksDBConfig.BLOCK_CACHE_BYTES_CONFIG)).isEqualTo(64L * 1024 * 1024);
        assertThat(p.get(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG)).isEqualTo(0);
        assertThat(p.get(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG))).isEqualTo(128 * 1024);
        assertThat(config.windowSizes()).containsExactly(Duration.ofMinutes(5));
        assertThat(config.windowGrace()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.expectedIntervals().of("any", ReadingSource.DLMS)).contains(Duration.ofMinutes(1));
        assertThat(config.expectedIntervals().of("any", ReadingSource.MQTT)).isEmpty();
        assertThat(config.rulesFile()).isEqualTo(Path.of("config/alert-rules.yaml"));
    }

    @Test
    void environmentVariablesOverrideTheFileIncludingKafkaStreamsPassThroughKeys() {
        final StreamsAppConfig config = StreamsAppConfigLoader.load(DEFAULTS, Map.of(
                "METERFLOW_STREAMS_BOOTSTRAP_SERVERS", "kafka:29092",
                "METERFLOW_STREAMS_NUM_STANDBY_REPLICAS", "1",
                "METERFLOW_STREAMS_ERROR_STATS_WINDOW_SIZES", "PT1M,PT15M",
                "METERFLOW_STREAMS_EXPECTED_INTERVAL_METERS", "m-1=PT15S",
                "METERFLOW_STREAMS_STREAMS_MAX_POLL_RECORDS", "250",
                "METERFLOW_STREAMS_STREAMS_PRODUCER_BATCH_SIZE", "16384",
                "PATH", "/usr/bin"));
        final Properties p = config.streamsProperties();

        assertThat(p.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG)).isEqualTo("kafka:29092");
        assertThat(p.get(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG)).isEqualTo(1);
        assertThat(p.get(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG))).isEqualTo("16384");
        assertThat(p.get("max.poll.records")).isEqualTo("250");
        assertThat(config.windowSizes()).containsExactly(Duration.ofMinutes(1), Duration.ofMinutes(15));
        assertThat(config.lateHorizon()).isEqualTo(Duration.ofMinutes(16));
        assertThat(config.expectedIntervals().of("m-1", ReadingSource.MQTT)).contains(Duration.ofSeconds(15));
    }

    @Test
    void badValuesNameTheSetting() {
        assertThatThrownBy(() -> new StreamsAppConfig(Map.of("error.stats.window.sizes", "5 minutes")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("error.stats.window.sizes");
        assertThatThrownBy(() -> new StreamsAppConfig(Map.of("processing.guarantee", "exactly_once")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("processing.guarantee");
        assertThatThrownBy(() -> new StreamsAppConfig(Map.of("expected.interval.meters", "m1:PT1M")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("expected.interval.meters");
        assertThatThrownBy(() -> new StreamsAppConfig(Map.of("state.object.cache.entries", "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("state.object.cache.entries");
        assertThat(StreamsAppConfigLoader.envName("error.stats.grace")).isEqualTo("METERFLOW_STREAMS_ERROR_STATS_GRACE");
    }

    @Test
    void alertmanagerNotificationsAreOffUntilAUrlIsSetAndCheckTheirSettings() {
        assertThat(StreamsAppConfigLoader.load(DEFAULTS, Map.of()).alertmanagerUrl()).isEmpty();
        final StreamsAppConfig on = new StreamsAppConfig(Map.of("alertmanager.url", "http://alertmanager:9093"));
        assertThat(on.alertmanagerUrl()).contains(java.net.URI.create("http://alertmanager:9093"));
        assertThat(on.alertmanagerResendInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThatThrownBy(() -> new StreamsAppConfig(Map.of("alertmanager.url", "alertmanager:9093")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("alertmanager.url");
        assertThatThrownBy(() -> new StreamsAppConfig(Map.of("alertmanager.sync.interval", "PT2M")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("alertmanager.resend.interval");
    }

    @Test
    void theShippedFileGivesTheDocumentedIntervalDataSettings() {
        final IntervalDataSettings s = StreamsAppConfigLoader.load(DEFAULTS, Map.of()).intervalData();

        assertThat(s.enabled()).isTrue();
        assertThat(s.defaultCapturePeriodSeconds()).isEqualTo(900);
        assertThat(s.allowedLagMs(900)).as("empty: 2 x the capture period").isEqualTo(1_800_000);
        assertThat(s.retention()).isEqualTo(Duration.ofDays(7));
        assertThat(s.maxOpenGaps()).isEqualTo(100);
        assertThat(s.requestTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.maxAttempts()).isEqualTo(5);
        assertThat(s.backoff()).isEqualTo(Duration.ofMinutes(1));
        assertThat(s.backoffMax()).isEqualTo(Duration.ofMinutes(30));
        assertThat(s.maxRange()).isEqualTo(Duration.ofHours(24));
        assertThat(s.estimationMaxGap()).isEqualTo(Duration.ofHours(2));
        assertThat(s.validationRulesFile()).isEqualTo(Path.of("config/validation-rules.yaml"));
    }

    @Test
    void intervalDataSettingsThatContradictEachOtherNameTheKey() {
        assertThatThrownBy(() -> new StreamsAppConfig(Map.of(StreamsAppConfig.BACKFILL_RETRY_BACKOFF_CONFIG, "PT1H",
                StreamsAppConfig.BACKFILL_RETRY_BACKOFF_MAX_CONFIG, "PT10M")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(StreamsAppConfig.BACKFILL_RETRY_BACKOFF_CONFIG)
                .hasMessageContaining("must not be longer than " + StreamsAppConfig.BACKFILL_RETRY_BACKOFF_MAX_CONFIG);
        assertThatThrownBy(() -> new StreamsAppConfig(Map.of(StreamsAppConfig.BACKFILL_MAX_RANGE_CONFIG, "PT5M")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(StreamsAppConfig.BACKFILL_MAX_RANGE_CONFIG);
        assertThatThrownBy(() -> new StreamsAppConfig(Map.of(StreamsAppConfig.LEDGER_RETENTION_CONFIG, "PT1H")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(StreamsAppConfig.LEDGER_RETENTION_CONFIG);
    }
}
