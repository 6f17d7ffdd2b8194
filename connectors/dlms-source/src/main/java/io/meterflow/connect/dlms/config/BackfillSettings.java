package io.meterflow.connect.dlms.config;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

import java.time.Duration;
import java.util.Map;

/**
 * The "Backfill" group of the DLMS source: targeted re-reads of load-profile ranges asked for on
 * {@code meter-backfill-requests} (docs/dlms.md, "Backfill"; docs/data-quality.md).
 */
public final class BackfillSettings {

    private static final String GROUP = "Backfill";

    /** Settings of the tasks' own request consumers carry this prefix (e.g. backfill.consumer.security.protocol). */
    public static final String CONSUMER_PREFIX = "backfill.consumer.";

    public static final String ENABLED_CONFIG = "backfill.enabled";
    private static final String ENABLED_DOC = "Serve backfill requests: every task reads backfill.requests.topic with "
            + "its own consumer (no consumer group), keeps the requests for the meters it polls, reads exactly the "
            + "requested range of the load profile (range selector on the clock column) in the meter's poll cycle, "
            + "writes the rows with provenance BACKFILL to intervals.topic and one outcome per request to "
            + "backfill.outcomes.topic. Needs profile.enabled and backfill.bootstrap.servers.";

    public static final String BOOTSTRAP_CONFIG = "backfill.bootstrap.servers";
    private static final String BOOTSTRAP_DOC = "Kafka cluster holding backfill.requests.topic (a source task has no "
            + "consumer of its own in Connect; usually the worker's bootstrap.servers). Further consumer settings "
            + "(security, TLS) go in " + CONSUMER_PREFIX + "* (e.g. " + CONSUMER_PREFIX + "security.protocol).";

    public static final String REQUESTS_TOPIC_CONFIG = "backfill.requests.topic";
    private static final String REQUESTS_TOPIC_DOC = "Topic of the backfill requests (written by the streams-app's "
            + "completeness ledger).";

    public static final String OUTCOMES_TOPIC_CONFIG = "backfill.outcomes.topic";
    private static final String OUTCOMES_TOPIC_DOC = "Topic of the backfill outcomes: READ, UNRECOVERABLE (with the "
            + "capture time of the oldest row the meter still holds) or FAILED, one per request served.";

    public static final String LOOKBACK_CONFIG = "backfill.lookback.ms";
    private static final String LOOKBACK_DOC = "How far back in backfill.requests.topic a starting task looks for "
            + "requests (by record timestamp). Requests already answered are skipped by the per-meter position stored "
            + "in the task's source offsets, so a restart re-executes at most the requests that were in flight; older "
            + "unanswered requests are left to the ledger, which asks again.";

    public static final String MAX_ROWS_CONFIG = "backfill.max.rows.per.read";
    private static final String MAX_ROWS_DOC = "Most rows one meter's poll cycle re-reads for backfill requests; a "
            + "longer range is read on the following cycles, and its outcome written once it is all read.";

    public static final String MAX_PENDING_CONFIG = "backfill.max.pending.requests";
    private static final String MAX_PENDING_DOC = "Requests a task holds for its meters before its request consumer "
            + "waits for them to be served (bounds the task's memory).";

    private BackfillSettings() {
    }

    static void define(ConfigDef def) {
        int order = 0;
        def.define(ENABLED_CONFIG, Type.BOOLEAN, false, Importance.MEDIUM, ENABLED_DOC, GROUP, ++order, Width.SHORT,
                        "Serve backfill requests")
                .define(BOOTSTRAP_CONFIG, Type.STRING, "", Importance.MEDIUM, BOOTSTRAP_DOC, GROUP, ++order,
                        Width.LONG, "Bootstrap servers")
                .define(REQUESTS_TOPIC_CONFIG, Type.STRING, "meter-backfill-requests", new ConfigDef.NonEmptyString(),
                        Importance.MEDIUM, REQUESTS_TOPIC_DOC, GROUP, ++order, Width.MEDIUM, "Requests topic")
                .define(OUTCOMES_TOPIC_CONFIG, Type.STRING, "meter-backfill-outcomes", new ConfigDef.NonEmptyString(),
                        Importance.MEDIUM, OUTCOMES_TOPIC_DOC, GROUP, ++order, Width.MEDIUM, "Outcomes topic")
                .define(LOOKBACK_CONFIG, Type.LONG, Duration.ofHours(6).toMillis(), Range.atLeast(0),
                        Importance.LOW, LOOKBACK_DOC, GROUP, ++order, Width.SHORT, "Request lookback")
                .define(MAX_ROWS_CONFIG, Type.INT, 96, Range.between(1, 10_000), Importance.LOW, MAX_ROWS_DOC, GROUP,
                        ++order, Width.SHORT, "Rows per cycle")
                .define(MAX_PENDING_CONFIG, Type.INT, 10_000, Range.between(1, 1_000_000), Importance.LOW,
                        MAX_PENDING_DOC, GROUP, ++order, Width.SHORT, "Pending requests");
    }

    /**
     * @param consumer the request consumer's settings besides bootstrap.servers (the backfill.consumer.* settings)
     */
    public record Values(boolean enabled, String bootstrapServers, String requestsTopic, String outcomesTopic,
                         Duration lookback, int maxRowsPerRead, int maxPending, Map<String, Object> consumer) {
    }

    static Values of(AbstractConfig config) {
        return new Values(config.getBoolean(ENABLED_CONFIG), config.getString(BOOTSTRAP_CONFIG).trim(),
                config.getString(REQUESTS_TOPIC_CONFIG), config.getString(OUTCOMES_TOPIC_CONFIG),
                Duration.ofMillis(config.getLong(LOOKBACK_CONFIG)), config.getInt(MAX_ROWS_CONFIG),
                config.getInt(MAX_PENDING_CONFIG), Map.copyOf(config.originalsWithPrefix(CONSUMER_PREFIX)));
    }
}
