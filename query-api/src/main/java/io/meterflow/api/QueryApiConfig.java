package io.meterflow.api;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Settings of the query API, from environment-style keys ({@code MF_API_*}) or given in code.
 *
 * @param jdbcUrl            the read-model database
 * @param port               HTTP port; 0 takes a free one
 * @param apiKeys            accepted keys in {@code X-API-Key}; empty means no authentication
 * @param mode               PRODUCTION logs JSON lines, DEVELOPMENT logs text
 * @param maxPageSize        the largest {@code limit} accepted
 * @param maxRange           the longest {@code from}..{@code to} range accepted
 * @param freshnessDegraded  newest reading older than this: /ready says DEGRADED
 * @param freshnessUnhealthy newest reading older than this: /ready says DOWN (HTTP 503)
 * @param staleMeterAfter    a meter without a reading for this long counts as stale in the fleet summary
 */
public record QueryApiConfig(String jdbcUrl, String user, String password, int port, Set<String> apiKeys, Mode mode,
                             int poolSize, int maxPageSize, Duration maxRange, Duration freshnessDegraded,
                             Duration freshnessUnhealthy, Duration staleMeterAfter) {

    public enum Mode { DEVELOPMENT, PRODUCTION }

    public static final int DEFAULT_PORT = 8080;

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
        apiKeys = Set.copyOf(apiKeys);
    }

    /** The defaults, against the given database. */
    public static QueryApiConfig defaults(String jdbcUrl) {
        return new QueryApiConfig(jdbcUrl, "postgres", "", DEFAULT_PORT, Set.of(), Mode.DEVELOPMENT, 8, 500,
                Duration.ofDays(31), Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofMinutes(15));
    }

    /** Reads {@code MF_API_*} keys (environment variables or system properties), with the defaults for the rest. */
    public static QueryApiConfig from(Map<String, String> env) {
        final QueryApiConfig d = defaults(env.getOrDefault("MF_API_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/meterflow"));
        final Function<String, String> get = env::get;
        return new QueryApiConfig(d.jdbcUrl(),
                env.getOrDefault("MF_API_DB_USER", d.user()),
                env.getOrDefault("MF_API_DB_PASSWORD", d.password()),
                intOf(get, "MF_API_PORT", d.port()),
                env.containsKey("MF_API_KEYS") ? Set.of(env.get("MF_API_KEYS").split("\\s*,\\s*")).stream()
                        .filter(k -> !k.isBlank()).collect(java.util.stream.Collectors.toSet()) : d.apiKeys(),
                env.containsKey("MF_API_MODE") ? Mode.valueOf(env.get("MF_API_MODE").trim().toUpperCase(java.util.Locale.ROOT))
                        : d.mode(),
                intOf(get, "MF_API_POOL_SIZE", d.poolSize()),
                intOf(get, "MF_API_MAX_PAGE_SIZE", d.maxPageSize()),
                durationOf(get, "MF_API_MAX_RANGE", d.maxRange()),
                durationOf(get, "MF_API_FRESHNESS_DEGRADED", d.freshnessDegraded()),
                durationOf(get, "MF_API_FRESHNESS_UNHEALTHY", d.freshnessUnhealthy()),
                durationOf(get, "MF_API_STALE_METER_AFTER", d.staleMeterAfter()));
    }

    public QueryApiConfig withPort(int newPort) {
        return new QueryApiConfig(jdbcUrl, user, password, newPort, apiKeys, mode, poolSize, maxPageSize, maxRange,
                freshnessDegraded, freshnessUnhealthy, staleMeterAfter);
    }

    public QueryApiConfig withApiKeys(Set<String> keys) {
        return new QueryApiConfig(jdbcUrl, user, password, port, keys, mode, poolSize, maxPageSize, maxRange,
                freshnessDegraded, freshnessUnhealthy, staleMeterAfter);
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
