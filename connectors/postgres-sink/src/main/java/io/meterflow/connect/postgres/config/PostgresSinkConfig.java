package io.meterflow.connect.postgres.config;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.NonEmptyString;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.types.Password;

import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/** Typed settings of the PostgreSQL sink. Tasks read these getters, never raw properties. */
public final class PostgresSinkConfig extends AbstractConfig {

    private static final String GROUP_CONNECTION = "Connection";
    private static final String GROUP_TOPICS = "Topics";
    private static final String GROUP_SCHEMA = "Schema and retention";
    private static final String GROUP_RETRIES = "Retries";

    public static final String CONNECTION_URL_CONFIG = "connection.url";
    private static final String CONNECTION_URL_DOC = "JDBC URL of the read-model database, e.g. "
            + "jdbc:postgresql://127.0.0.1:5432/meterflow.";
    public static final String CONNECTION_USER_CONFIG = "connection.user";
    private static final String CONNECTION_USER_DOC = "Database user.";
    public static final String CONNECTION_PASSWORD_CONFIG = "connection.password";
    private static final String CONNECTION_PASSWORD_DOC = "Database password; empty for trust authentication.";

    public static final String MIGRATIONS_ENABLED_CONFIG = "migrations.enabled";
    private static final String MIGRATIONS_ENABLED_DOC = "Run the read model's Flyway migrations when a task starts, "
            + "so the sink owns its schema. Turn off when a DBA applies them.";
    public static final String RETENTION_DAYS_CONFIG = "history.retention.days";
    private static final String RETENTION_DAYS_DOC = "Days of history kept in the partitioned history tables. "
            + "Older daily partitions are dropped; records older than this are not written to history "
            + "(latest-state tables still take them).";
    public static final String MAINTENANCE_INTERVAL_CONFIG = "history.maintenance.interval.ms";
    private static final String MAINTENANCE_INTERVAL_DOC = "How often a task drops expired history partitions.";

    public static final String RETRY_BACKOFF_INITIAL_CONFIG = "retry.backoff.initial.ms";
    private static final String RETRY_BACKOFF_INITIAL_DOC = "First wait after a transient database failure "
            + "(connection lost, server shutting down, serialization failure); doubles per failure.";
    public static final String RETRY_BACKOFF_MAX_CONFIG = "retry.backoff.max.ms";
    private static final String RETRY_BACKOFF_MAX_DOC = "Longest wait between retries.";
    public static final String RETRY_TIMEOUT_CONFIG = "retry.timeout.ms";
    private static final String RETRY_TIMEOUT_DOC = "How long a task keeps retrying one batch before it fails "
            + "with the last database error. Nothing is lost either way: the batch is retried from the offsets "
            + "stored in the database after a restart.";

    private static final Map<TopicKind, String> TOPIC_CONFIGS = new EnumMap<>(Map.ofEntries(
            Map.entry(TopicKind.READINGS, "topic.readings"),
            Map.entry(TopicKind.INTERVALS, "topic.intervals"),
            Map.entry(TopicKind.RATES, "topic.rates"),
            Map.entry(TopicKind.CLOCK_DRIFT, "topic.clock.drift"),
            Map.entry(TopicKind.ERROR_STATS, "topic.error.stats"),
            Map.entry(TopicKind.ALERTS, "topic.alerts"),
            Map.entry(TopicKind.CLOCK_SYNC, "topic.clock.sync"),
            Map.entry(TopicKind.ALERT_COMMAND_RESULTS, "topic.alert.command.results"),
            Map.entry(TopicKind.INTERVALS_VALIDATED, "topic.intervals.validated"),
            Map.entry(TopicKind.COMPLETENESS, "topic.completeness"),
            Map.entry(TopicKind.BACKFILL_REQUESTS, "topic.backfill.requests"),
            Map.entry(TopicKind.BACKFILL_OUTCOMES, "topic.backfill.outcomes")));

    public static final ConfigDef CONFIG_DEF = configDef();

    public PostgresSinkConfig(Map<String, String> props) {
        super(CONFIG_DEF, props);
    }

    public static ConfigDef configDef() {
        final ConfigDef def = new ConfigDef();
        addConnection(def);
        addTopics(def);
        addSchema(def);
        addRetries(def);
        return def;
    }

    private static void addConnection(ConfigDef def) {
        int order = 0;
        def.define(CONNECTION_URL_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new JdbcUrlValidator(),
                        Importance.HIGH, CONNECTION_URL_DOC, GROUP_CONNECTION, ++order, Width.LONG, "JDBC URL")
                .define(CONNECTION_USER_CONFIG, Type.STRING, "postgres", new NonEmptyString(), Importance.HIGH,
                        CONNECTION_USER_DOC, GROUP_CONNECTION, ++order, Width.MEDIUM, "User")
                .define(CONNECTION_PASSWORD_CONFIG, Type.PASSWORD, "", Importance.HIGH, CONNECTION_PASSWORD_DOC,
                        GROUP_CONNECTION, ++order, Width.MEDIUM, "Password");
    }

    private static void addTopics(ConfigDef def) {
        int order = 0;
        for (TopicKind kind : TopicKind.values()) {
            def.define(TOPIC_CONFIGS.get(kind), Type.STRING, kind.topic().name(), new NonEmptyString(),
                    Importance.MEDIUM, "Topic whose records are " + kind.description() + ". List it in 'topics' too.",
                    GROUP_TOPICS, ++order, Width.MEDIUM, kind.topic().name());
        }
    }

    private static void addSchema(ConfigDef def) {
        int order = 0;
        def.define(MIGRATIONS_ENABLED_CONFIG, Type.BOOLEAN, true, Importance.MEDIUM, MIGRATIONS_ENABLED_DOC,
                        GROUP_SCHEMA, ++order, Width.SHORT, "Run migrations")
                .define(RETENTION_DAYS_CONFIG, Type.INT, 30, Range.between(1, 36_500), Importance.MEDIUM,
                        RETENTION_DAYS_DOC, GROUP_SCHEMA, ++order, Width.SHORT, "History retention (days)")
                .define(MAINTENANCE_INTERVAL_CONFIG, Type.LONG, Duration.ofHours(1).toMillis(),
                        Range.atLeast(1_000), Importance.LOW, MAINTENANCE_INTERVAL_DOC, GROUP_SCHEMA, ++order,
                        Width.SHORT, "Maintenance interval");
    }

    private static void addRetries(ConfigDef def) {
        int order = 0;
        def.define(RETRY_BACKOFF_INITIAL_CONFIG, Type.LONG, 250L, Range.atLeast(1), Importance.LOW,
                        RETRY_BACKOFF_INITIAL_DOC, GROUP_RETRIES, ++order, Width.SHORT, "Initial backoff")
                .define(RETRY_BACKOFF_MAX_CONFIG, Type.LONG, 10_000L, Range.atLeast(1), Importance.LOW,
                        RETRY_BACKOFF_MAX_DOC, GROUP_RETRIES, ++order, Width.SHORT, "Maximum backoff")
                .define(RETRY_TIMEOUT_CONFIG, Type.LONG, Duration.ofMinutes(10).toMillis(), Range.atLeast(0),
                        Importance.MEDIUM, RETRY_TIMEOUT_DOC, GROUP_RETRIES, ++order, Width.SHORT, "Retry timeout");
    }

    public String connectionUrl() {
        return getString(CONNECTION_URL_CONFIG);
    }

    public String connectionUser() {
        return getString(CONNECTION_USER_CONFIG);
    }

    public Password connectionPassword() {
        return getPassword(CONNECTION_PASSWORD_CONFIG);
    }

    public boolean migrationsEnabled() {
        return getBoolean(MIGRATIONS_ENABLED_CONFIG);
    }

    public Duration retention() {
        return Duration.ofDays(getInt(RETENTION_DAYS_CONFIG));
    }

    public Duration maintenanceInterval() {
        return Duration.ofMillis(getLong(MAINTENANCE_INTERVAL_CONFIG));
    }

    public Duration retryBackoffInitial() {
        return Duration.ofMillis(getLong(RETRY_BACKOFF_INITIAL_CONFIG));
    }

    public Duration retryBackoffMax() {
        return Duration.ofMillis(getLong(RETRY_BACKOFF_MAX_CONFIG));
    }

    public Duration retryTimeout() {
        return Duration.ofMillis(getLong(RETRY_TIMEOUT_CONFIG));
    }

    /** Which kind of record each configured topic carries. */
    public TopicRouting topicRouting() {
        final Map<String, TopicKind> byTopic = new HashMap<>();
        TOPIC_CONFIGS.forEach((kind, key) -> byTopic.put(getString(key), kind));
        return new TopicRouting(byTopic);
    }
}
