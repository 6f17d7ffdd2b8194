package io.meterflow.api;

import io.meterflow.api.http.ApiKey;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Settings of the query API, from environment-style keys ({@code MF_API_*}) or given in code.
 * {@link #toString()} shows no secret (database password, API key secrets).
 *
 * @param jdbcUrl              the read-model database
 * @param port                 HTTP port; 0 takes a free one
 * @param apiKeys              named keys accepted in {@code X-API-Key}; empty: reads are open and writes refused.
 *                             PRODUCTION mode requires at least one.
 * @param mode                 PRODUCTION logs JSON lines and requires API keys, DEVELOPMENT logs text
 * @param maxPageSize          the largest {@code limit} accepted
 * @param maxRange             the longest {@code from}..{@code to} range accepted
 * @param freshnessDegraded    newest reading older than this: /ready says DEGRADED
 * @param freshnessUnhealthy   newest reading older than this: /ready says DOWN (HTTP 503)
 * @param staleMeterAfter      a meter without a reading for this long counts as stale in the fleet summary
 * @param kafkaBootstrapServers where alert commands go; null: the write endpoints answer 503
 * @param commandTimeout       how long a write waits for the alert processor's result before answering 202
 * @param openReads            reads of /api/* need no key even when keys are configured (writes always do);
 *                             not allowed in PRODUCTION mode
 */
public record QueryApiConfig(String jdbcUrl, String user, String password, int port, List<ApiKey> apiKeys, Mode mode,
                             int poolSize, int maxPageSize, Duration maxRange, Duration freshnessDegraded,
                             Duration freshnessUnhealthy, Duration staleMeterAfter, String kafkaBootstrapServers,
                             Duration commandTimeout, boolean openReads) {

    public enum Mode { DEVELOPMENT, PRODUCTION }

    public static final int DEFAULT_PORT = 8080;
    /** Name of the n-th (1-based) key given without a name in MF_API_KEYS: {@code key-1}, {@code key-2}, ... */
    public static final String UNNAMED_KEY_PREFIX = "key-";

    public QueryApiConfig {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("MF_API_JDBC_URL must be a PostgreSQL JDBC URL, not '" + jdbcUrl + "'");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("MF_API_PORT must be 0..65535, not " + port);
        }
        if (maxPageSize < 1 || poolSize < 1) {
            throw new IllegalArgumentException("MF_API_MAX_PAGE_SIZE and MF_API_POOL_SIZE must be at least 1");
        }
        if (freshnessUnhealthy.compareTo(freshnessDegraded) < 0) {
            throw new IllegalArgumentException("MF_API_FRESHNESS_UNHEALTHY must not be shorter than MF_API_FRESHNESS_DEGRADED");
        }
        if (commandTimeout.isNegative() || commandTimeout.isZero() || commandTimeout.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("MF_API_COMMAND_TIMEOUT must be more than 0 and at most 1 minute, not "
                    + commandTimeout);
        }
        apiKeys = List.copyOf(apiKeys);
        requireDistinct(apiKeys);
        if (mode == Mode.PRODUCTION && apiKeys.isEmpty()) {
            throw new IllegalArgumentException("MF_API_MODE=PRODUCTION requires API keys: set MF_API_KEYS=name:secret,...");
        }
        if (mode == Mode.PRODUCTION && openReads) {
            throw new IllegalArgumentException("MF_API_OPEN_READS=true is not allowed with MF_API_MODE=PRODUCTION");
        }
        if (kafkaBootstrapServers != null && kafkaBootstrapServers.isBlank()) {
            kafkaBootstrapServers = null;
        }
    }

    /** The defaults, against the given database. */
    public static QueryApiConfig defaults(String jdbcUrl) {
        return new QueryApiConfig(jdbcUrl, "postgres", "", DEFAULT_PORT, List.of(), Mode.DEVELOPMENT, 8, 500,
                Duration.ofDays(31), Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofMinutes(15), null,
                Duration.ofSeconds(5), false);
    }

    /** Reads {@code MF_API_*} keys (environment variables or system properties), with the defaults for the rest. */
    public static QueryApiConfig from(Map<String, String> env) {
        final QueryApiConfig d = defaults(env.getOrDefault("MF_API_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/meterflow"));
        final Function<String, String> get = env::get;
        return new QueryApiConfig(d.jdbcUrl(),
                env.getOrDefault("MF_API_DB_USER", d.user()),
                env.getOrDefault("MF_API_DB_PASSWORD", d.password()),
                intOf(get, "MF_API_PORT", d.port()),
                env.containsKey("MF_API_KEYS") ? parseKeys(env.get("MF_API_KEYS")) : d.apiKeys(),
                env.containsKey("MF_API_MODE") ? modeOf(env.get("MF_API_MODE")) : d.mode(),
                intOf(get, "MF_API_POOL_SIZE", d.poolSize()),
                intOf(get, "MF_API_MAX_PAGE_SIZE", d.maxPageSize()),
                durationOf(get, "MF_API_MAX_RANGE", d.maxRange()),
                durationOf(get, "MF_API_FRESHNESS_DEGRADED", d.freshnessDegraded()),
                durationOf(get, "MF_API_FRESHNESS_UNHEALTHY", d.freshnessUnhealthy()),
                durationOf(get, "MF_API_STALE_METER_AFTER", d.staleMeterAfter()),
                env.getOrDefault("MF_API_KAFKA_BOOTSTRAP_SERVERS", d.kafkaBootstrapServers()),
                durationOf(get, "MF_API_COMMAND_TIMEOUT", d.commandTimeout()),
                Boolean.parseBoolean(env.getOrDefault("MF_API_OPEN_READS", "false").trim()));
    }

    /**
     * {@code name:secret} entries, comma-separated; an entry without a valid name before its first colon is a secret
     * alone and is named {@code key-<position>}.
     */
    static List<ApiKey> parseKeys(String value) {
        final List<ApiKey> keys = new ArrayList<>();
        final String[] entries = value.split(",");
        for (int i = 0; i < entries.length; i++) {
            final String entry = entries[i].trim();
            if (entry.isEmpty()) {
                continue;
            }
            final int colon = entry.indexOf(':');
            final String name = colon > 0 ? entry.substring(0, colon) : null;
            if (name != null && ApiKey.NAME.matcher(name).matches()) {
                keys.add(new ApiKey(name, entry.substring(colon + 1)));
            } else {
                keys.add(new ApiKey(UNNAMED_KEY_PREFIX + (i + 1), entry));
            }
        }
        return keys;
    }

    private static void requireDistinct(List<ApiKey> keys) {
        final Set<String> names = new HashSet<>();
        final Set<String> secrets = new HashSet<>();
        for (ApiKey key : keys) {
            if (!names.add(key.name())) {
                throw new IllegalArgumentException("MF_API_KEYS names '" + key.name() + "' twice");
            }
            if (!secrets.add(key.secret())) {
                throw new IllegalArgumentException("MF_API_KEYS gives key '" + key.name()
                        + "' the secret of another key: every secret must name one actor");
            }
        }
    }

    public boolean writesEnabled() {
        return kafkaBootstrapServers != null;
    }

    public QueryApiConfig withPort(int newPort) {
        return new QueryApiConfig(jdbcUrl, user, password, newPort, apiKeys, mode, poolSize, maxPageSize, maxRange,
                freshnessDegraded, freshnessUnhealthy, staleMeterAfter, kafkaBootstrapServers, commandTimeout, openReads);
    }

    public QueryApiConfig withApiKeys(List<ApiKey> keys) {
        return new QueryApiConfig(jdbcUrl, user, password, port, keys, mode, poolSize, maxPageSize, maxRange,
                freshnessDegraded, freshnessUnhealthy, staleMeterAfter, kafkaBootstrapServers, commandTimeout, openReads);
    }

    /** Alert commands through this Kafka cluster, each waiting up to {@code timeout} for its result. */
    public QueryApiConfig withCommands(String bootstrapServers, Duration timeout) {
        return new QueryApiConfig(jdbcUrl, user, password, port, apiKeys, mode, poolSize, maxPageSize, maxRange,
                freshnessDegraded, freshnessUnhealthy, staleMeterAfter, bootstrapServers, timeout, openReads);
    }

    /** Reads without a key (the local stack); writes still need one. */
    public QueryApiConfig withOpenReads(boolean open) {
        return new QueryApiConfig(jdbcUrl, user, password, port, apiKeys, mode, poolSize, maxPageSize, maxRange,
                freshnessDegraded, freshnessUnhealthy, staleMeterAfter, kafkaBootstrapServers, commandTimeout, open);
    }

    @Override
    public String toString() {
        return "QueryApiConfig[jdbcUrl=" + jdbcUrl + ", user=" + user + ", password=****, port=" + port
                + ", apiKeys=" + apiKeys.stream().map(ApiKey::name).toList() + ", mode=" + mode + ", poolSize=" + poolSize
                + ", maxPageSize=" + maxPageSize + ", maxRange=" + maxRange + ", freshnessDegraded=" + freshnessDegraded
                + ", freshnessUnhealthy=" + freshnessUnhealthy + ", staleMeterAfter=" + staleMeterAfter
                + ", kafkaBootstrapServers=" + kafkaBootstrapServers + ", commandTimeout=" + commandTimeout
                + ", openReads=" + openReads + "]";
    }

    private static Mode modeOf(String value) {
        try {
            return Mode.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("MF_API_MODE must be DEVELOPMENT or PRODUCTION, not '" + value + "'", e);
        }
    }

    private static int intOf(Function<String, String> env, String key, int fallback) {
        final String v = env.apply(key);
        try {
            return v == null ? fallback : Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, not '" + v + "'", e);
        }
    }

    /** ISO-8601 durations (PT5M) or plain seconds. */
    private static Duration durationOf(Function<String, String> env, String key, Duration fallback) {
        final String v = env.apply(key);
        if (v == null) {
            return fallback;
        }
        try {
            return v.trim().startsWith("P") ? Duration.parse(v.trim()) : Duration.ofSeconds(Long.parseLong(v.trim()));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(key + " must be an ISO-8601 duration (PT5M) or seconds, not '" + v + "'", e);
        }
    }
}
