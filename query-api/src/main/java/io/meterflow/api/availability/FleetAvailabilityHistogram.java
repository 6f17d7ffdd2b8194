package io.meterflow.api.availability;

import io.meterflow.api.db.Sql;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * {@code meterflow_meter_availability_ratio}: the fleet's distribution of per-meter daily availability (received OK
 * over expected) as a Prometheus histogram, one series set per {@code day} (previous: the last complete UTC day;
 * current: today so far), never a per-meter label. Computed in PostgreSQL from the read model's daily counts and the
 * inventory's expected intervals (meters without one are left out), at most once a minute, when scraped. Every
 * query-api replica exposes the same figures: aggregate with max(), not sum().
 */
public final class FleetAvailabilityHistogram implements Collector {

    public static final String NAME = "meterflow_meter_availability_ratio";
    static final double[] BOUNDS = {0.5, 0.8, 0.9, 0.95, 0.98, 0.99, 0.995, 0.999, 1.0, Double.POSITIVE_INFINITY};
    private static final Logger LOG = LoggerFactory.getLogger(FleetAvailabilityHistogram.class);
    private static final Duration REFRESH = Duration.ofMinutes(1);
    private static final String SHARES = """
            WITH shares AS (
                SELECT least(1.0, coalesce(a.received_ok, 0)::double precision
                                  / greatest(1, ?::bigint / i.ms)) AS share
                FROM (SELECT meter_id, coalesce(expected_interval_ms, poll_interval_ms) AS ms FROM meter_inventory
                      WHERE enabled AND coalesce(expected_interval_ms, poll_interval_ms) IS NOT NULL) i
                LEFT JOIN meter_availability_daily a ON a.meter_id = i.meter_id AND a.day = ?)
            SELECT concat_ws(',', %s, coalesce(sum(share), 0)) FROM shares""".formatted(IntStream.range(0, BOUNDS.length)
            .mapToObj(i -> Double.isInfinite(BOUNDS[i]) ? "count(*)" : "count(*) FILTER (WHERE share <= " + BOUNDS[i] + ")")
            .collect(Collectors.joining(", ")));

    private final Sql sql;
    private final Clock clock;
    private volatile HistogramSnapshot last;
    private volatile Instant computedAt = Instant.MIN;

    public FleetAvailabilityHistogram(Sql sql, Clock clock) {
        this.sql = sql;
        this.clock = clock;
    }

    @Override
    public MetricSnapshot collect() {
        final Instant now = clock.instant();
        if (last == null || now.isAfter(computedAt.plus(REFRESH))) {
            try {
                last = compute(now);
                computedAt = now;
            } catch (SQLException e) {
                LOG.debug("Fleet availability not computed: {}", e.getMessage());
                if (last == null) {
                    last = HistogramSnapshot.builder().name(NAME).help(help()).build();
                }
            }
        }
        return last;
    }

    @Override
    public String getPrometheusName() {
        return NAME;
    }

    private HistogramSnapshot compute(Instant now) throws SQLException {
        final LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        final long todayMs = Duration.between(today.atStartOfDay().toInstant(ZoneOffset.UTC), now).toMillis();
        final HistogramSnapshot.Builder histogram = HistogramSnapshot.builder().name(NAME).help(help());
        histogram.dataPoint(point("previous", today.minusDays(1), Duration.ofDays(1).toMillis()));
        histogram.dataPoint(point("current", today, todayMs));
        return histogram.build();
    }

    private HistogramSnapshot.HistogramDataPointSnapshot point(String day, LocalDate date, long coveredMs)
            throws SQLException {
        final String[] figures = sql.text(SHARES, coveredMs, date).split(",");
        final List<Long> perBucket = new ArrayList<>();
        long below = 0;
        for (int i = 0; i < BOUNDS.length; i++) {
            final long cumulative = Long.parseLong(figures[i]);
            perBucket.add(cumulative - below);
            below = cumulative;
        }
        return HistogramSnapshot.HistogramDataPointSnapshot.builder()
                .labels(Labels.of("day", day))
                .classicHistogramBuckets(ClassicHistogramBuckets.of(java.util.Arrays.stream(BOUNDS).boxed().toList(), perBucket))
                .sum(Double.parseDouble(figures[BOUNDS.length]))
                .build();
    }

    private static String help() {
        return "Per-meter daily availability (readings received OK / expected) across the fleet; day=previous|current";
    }
}
