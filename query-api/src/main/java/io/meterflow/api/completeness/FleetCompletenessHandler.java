package io.meterflow.api.completeness;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.meterflow.api.db.Sql;
import io.meterflow.api.params.RequestParams;
import io.meterflow.schema.GapState;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * GET /api/v1/fleet/completeness?day: the fleet's completeness on one UTC day (default: yesterday, the last complete
 * day) from the ledger rows of that day: meters 100 % complete and their share, the intervals expected, received,
 * estimated and missing, the meters per completeness bucket, and the gaps (and their intervals) per state.
 */
public final class FleetCompletenessHandler implements Handler {

    /** Bucket bounds of a meter's share (received + estimated over expected): [min, max), and exactly 1. */
    static final double[] BOUNDS = {1.0, 0.99, 0.95, 0.9, 0.5, 0.0};

    public static final String FLEET = """
            WITH m AS (
                SELECT c.missing = 0 AND c.received + c.estimated >= c.expected AS complete,
                       CASE WHEN c.expected = 0 THEN 1.0
                            ELSE least(1.0, (c.received + c.estimated)::double precision / c.expected) END AS share,
                       c.expected, c.received, c.estimated, c.missing, c.gaps
                FROM meter_completeness c
                WHERE c.day = ?::date),
            gaps AS (
                SELECT g ->> 'state' AS state, count(*) AS n, sum((g ->> 'intervals')::bigint) AS intervals
                FROM m, jsonb_array_elements(m.gaps) g
                GROUP BY 1),
            totals AS (
                SELECT count(*) AS meters, count(*) FILTER (WHERE complete) AS complete,
                       coalesce(sum(expected), 0) AS expected, coalesce(sum(received), 0) AS received,
                       coalesce(sum(estimated), 0) AS estimated, coalesce(sum(missing), 0) AS missing
                FROM m)
            SELECT json_build_object('day', ?::date, 'meters', t.meters, 'completeMeters', t.complete,
                'completeShare', CASE WHEN t.meters = 0 THEN NULL ELSE t.complete::double precision / t.meters END,
                'expected', t.expected, 'received', t.received, 'estimated', t.estimated, 'missing', t.missing,
                'ratio', CASE WHEN t.expected = 0 THEN NULL
                              ELSE least(1.0, (t.received + t.estimated)::double precision / t.expected) END,
                'distribution', (SELECT json_agg(json_build_object('min', b.lo, 'max', b.hi, 'meters',
                        (SELECT count(*) FROM m WHERE m.share >= b.lo AND (m.share < b.hi OR b.lo = 1.0)))
                        ORDER BY b.lo DESC)
                    FROM (VALUES %s) AS b(lo, hi)),
                'gapStates', (SELECT json_object_agg(s.state, json_build_object('gaps', coalesce(g.n, 0),
                        'intervals', coalesce(g.intervals, 0)) ORDER BY s.ord)
                    FROM unnest(ARRAY[%s]) WITH ORDINALITY AS s(state, ord) LEFT JOIN gaps g USING (state)))::text
            FROM totals t""".formatted(buckets(), Arrays.stream(GapState.values())
            .map(s -> "'" + s.name() + "'").collect(Collectors.joining(", ")));

    private final Sql sql;
    private final RequestParams params;

    public FleetCompletenessHandler(Sql sql, RequestParams params) {
        this.sql = sql;
        this.params = params;
    }

    @Override
    public void handle(Context ctx) throws Exception {
        final LocalDate asked = params.optionalDay(ctx, "day");
        final LocalDate day = asked != null ? asked : params.yesterday();
        ctx.contentType("application/json").result(sql.text(FLEET, day, day));
    }

    /** (1.0, 1.0), (0.99, 1.0), (0.95, 0.99), ...: the top bucket holds the meters at exactly 100 %. */
    private static String buckets() {
        return IntStream.range(0, BOUNDS.length)
                .mapToObj(i -> String.format(Locale.ROOT, "(%s::double precision, %s::double precision)", BOUNDS[i],
                        i == 0 ? BOUNDS[0] : BOUNDS[i - 1]))
                .collect(Collectors.joining(", "));
    }
}
