package io.meterflow.connect.postgres;

import io.meterflow.schema.topic.MeterFlowTopics;
import io.meterflow.testing.kafka.KafkaTestCluster;
import io.meterflow.testing.postgres.TestDatabase;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A test's own copies of the sink's topics (prefixed, since tests share one broker) and the sink config for them. */
public record SinkTopics(String prefix) {

    public String readings() {
        return prefix + MeterFlowTopics.READINGS.name();
    }

    public String intervals() {
        return prefix + MeterFlowTopics.INTERVALS.name();
    }

    public String rates() {
        return prefix + MeterFlowTopics.RATES.name();
    }

    public String clockDrift() {
        return prefix + MeterFlowTopics.CLOCK_DRIFT.name();
    }

    public String errorStats() {
        return prefix + MeterFlowTopics.ERROR_STATS.name();
    }

    public String alerts() {
        return prefix + MeterFlowTopics.ALERTS.name();
    }

    public String clockSync() {
        return prefix + MeterFlowTopics.CLOCK_SYNC.name();
    }

    public String alertCommandResults() {
        return prefix + MeterFlowTopics.ALERT_COMMAND_RESULTS.name();
    }

    public String intervalsValidated() {
        return prefix + MeterFlowTopics.INTERVALS_VALIDATED.name();
    }

    public String completeness() {
        return prefix + MeterFlowTopics.COMPLETENESS.name();
    }

    public String backfillRequests() {
        return prefix + MeterFlowTopics.BACKFILL_REQUESTS.name();
    }

    public String backfillOutcomes() {
        return prefix + MeterFlowTopics.BACKFILL_OUTCOMES.name();
    }

    public String deadLetters() {
        return prefix + "read-model-dlq";
    }

    public List<String> all() {
        return List.of(readings(), intervals(), rates(), clockDrift(), errorStats(), alerts(), clockSync(),
                alertCommandResults(), intervalsValidated(), completeness(), backfillRequests(), backfillOutcomes());
    }

    public void create(KafkaTestCluster kafka, int partitions) {
        kafka.createTopics(partitions, all().toArray(String[]::new));
    }

    /** The connector config the docs recommend, pointed at this test's topics and database. */
    public Map<String, String> connectorConfig(String jdbcUrl, int tasks) {
        final Map<String, String> c = new HashMap<>();
        c.put("connector.class", PostgresSinkConnector.class.getName());
        c.put("tasks.max", String.valueOf(tasks));
        c.put("topics", String.join(",", all()));
        c.put("topic.readings", readings());
        c.put("topic.intervals", intervals());
        c.put("topic.rates", rates());
        c.put("topic.clock.drift", clockDrift());
        c.put("topic.error.stats", errorStats());
        c.put("topic.alerts", alerts());
        c.put("topic.clock.sync", clockSync());
        c.put("topic.alert.command.results", alertCommandResults());
        c.put("topic.intervals.validated", intervalsValidated());
        c.put("topic.completeness", completeness());
        c.put("topic.backfill.requests", backfillRequests());
        c.put("topic.backfill.outcomes", backfillOutcomes());
        c.put("connection.url", jdbcUrl);
        c.put("connection.user", "postgres");
        c.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        c.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
        c.put("errors.tolerance", "all");
        c.put("errors.deadletterqueue.topic.name", deadLetters());
        c.put("errors.deadletterqueue.topic.replication.factor", "1");
        c.put("errors.deadletterqueue.context.headers.enable", "true");
        c.put("retry.backoff.initial.ms", "100");
        c.put("retry.backoff.max.ms", "2000");
        c.put("consumer.override.max.poll.records", "200");
        return c;
    }

    public Map<String, String> connectorConfig(TestDatabase db, int tasks) {
        return connectorConfig(db.jdbcUrl(), tasks);
    }
}
