package io.meterflow.streams.alerts;

import io.meterflow.schema.ErrorStats;

import java.util.ArrayList;
import java.util.List;

/** The alert evaluations of a closed window: its error percentage and, where known, its publication rate. */
public final class WindowEvaluations {

    private WindowEvaluations() {
    }

    public static List<Evaluation> of(ErrorStats stats) {
        final long size = stats.windowEnd() - stats.windowStart();
        final List<Evaluation> out = new ArrayList<>(2);
        out.add(new Evaluation(stats.meterId(), Metric.ERROR_PCT, stats.windowEnd(), stats.errorPct(), size));
        if (stats.publicationPct() != null) {
            out.add(new Evaluation(stats.meterId(), Metric.PUBLICATION_PCT, stats.windowEnd(), stats.publicationPct(), size));
        }
        return out;
    }
}
