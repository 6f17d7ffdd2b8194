package io.meterflow.api.ops;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.meterflow.api.commands.CommandGateway;
import io.meterflow.api.db.Sql;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GET /ready: UP, DEGRADED (still serving, 200) or DOWN (503), with a status per component: the database
 * (reachable, and how fast), the read model's freshness (age of the newest reading against two thresholds) and,
 * when alert commands are enabled, Kafka (commands can be sent and their results are followed).
 */
public final class ReadinessHandler implements Handler {

    static final String NEWEST = "SELECT meterflow_epoch_ms(max(collected_at))::text FROM meter_latest_reading";

    private final Sql sql;
    private final Clock clock;
    private final Duration degradedAfter;
    private final Duration unhealthyAfter;
    private final CommandGateway commands;

    /** @param commands null when writes are disabled: no Kafka component */
    public ReadinessHandler(Sql sql, Clock clock, Duration degradedAfter, Duration unhealthyAfter,
                            CommandGateway commands) {
        this.sql = sql;
        this.clock = clock;
        this.degradedAfter = degradedAfter;
        this.unhealthyAfter = unhealthyAfter;
        this.commands = commands;
    }

    @Override
    public void handle(Context ctx) {
        final Map<String, Object> database = new LinkedHashMap<>();
        final Map<String, Object> freshness = new LinkedHashMap<>();
        final long started = System.nanoTime();
        try {
            final String newest = sql.text(NEWEST);
            database.put("status", Status.UP);
            database.put("responseTimeMs", Duration.ofNanos(System.nanoTime() - started).toMillis());
            freshness.putAll(freshness(newest == null ? null : Instant.ofEpochMilli(Long.parseLong(newest))));
        } catch (SQLException e) {
            database.put("status", Status.DOWN);
            database.put("error", "database unreachable: " + e.getSQLState());
            freshness.put("status", Status.DOWN);
        }
        final Map<String, Object> components = new LinkedHashMap<>();
        components.put("database", database);
        components.put("freshness", freshness);
        if (commands != null) {
            final String problem = commands.problem();
            final Map<String, Object> kafka = new LinkedHashMap<>();
            kafka.put("status", problem == null ? Status.UP : Status.DOWN);
            if (problem != null) {
                kafka.put("error", problem);
            }
            components.put("kafka", kafka);
        }
        final Status overall = Status.worst(components.values().stream()
                .map(c -> (Status) ((Map<?, ?>) c).get("status")).toList());
        ctx.status(overall == Status.DOWN ? 503 : 200).json(Map.of("status", overall, "components", components));
    }

    private Map<String, Object> freshness(Instant newest) {
        final Map<String, Object> f = new LinkedHashMap<>();
        f.put("degradedAfterSeconds", degradedAfter.toSeconds());
        f.put("unhealthyAfterSeconds", unhealthyAfter.toSeconds());
        if (newest == null) {
            // An empty read model is not an outage: nothing has been written yet.
            f.put("status", Status.DEGRADED);
            f.put("detail", "the read model holds no readings yet");
            return f;
        }
        final Duration age = Duration.between(newest, clock.instant());
        f.put("newestReadingAt", newest.toEpochMilli());
        f.put("ageSeconds", Math.max(0, age.toSeconds()));
        f.put("status", age.compareTo(unhealthyAfter) > 0 ? Status.DOWN
                : age.compareTo(degradedAfter) > 0 ? Status.DEGRADED : Status.UP);
        return f;
    }

    /** Component and overall states, best first. */
    enum Status {
        UP, DEGRADED, DOWN;

        static Status worst(List<Status> states) {
            return states.stream().max(Enum::compareTo).orElse(UP);
        }
    }
}
