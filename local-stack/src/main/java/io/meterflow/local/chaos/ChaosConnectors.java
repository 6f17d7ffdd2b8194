package io.meterflow.local.chaos;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The connectors under fault, two tasks each so the two workers share them; the DLMS source serves the completeness
 * ledger's re-read requests. Secrets stay out of the configs: the
 * database passwords are {@code ${env:...}} placeholders the workers resolve (EnvVarConfigProvider), the meters' LLS
 * passwords and HLS keys are in the inventory table only the DLMS connector's role reads. The end-to-end benchmark
 * starts from the same configs and changes what its load needs.
 */
public final class ChaosConnectors {

    public static final String DLMS = "dlms-source";
    public static final String MQTT = "mqtt-source";
    public static final String SINK = "meterflow-postgres-sink";
    public static final String SINK_PASSWORD_ENV = "MF_SINK_DB_PASSWORD";
    public static final String DLMS_PASSWORD_ENV = "MF_DLMS_DB_PASSWORD";
    public static final int TASKS = 2;

    private ChaosConnectors() {
    }

    public static Map<String, Map<String, String>> all(String jdbcUrl, String mqttUri, String bootstrapServers) {
        final Map<String, Map<String, String>> all = new LinkedHashMap<>();
        all.put(DLMS, dlms(jdbcUrl, bootstrapServers));
        all.put(MQTT, mqtt(mqttUri));
        all.put(SINK, sink(jdbcUrl));
        return all;
    }

    private static Map<String, String> dlms(String jdbcUrl, String bootstrapServers) {
        final Map<String, String> c = base("io.meterflow.connect.dlms.DlmsSourceConnector");
        c.put("meters.source", "INVENTORY");
        c.put("inventory.jdbc.url", jdbcUrl);
        c.put("inventory.jdbc.user", "meterflow_dlms");
        c.put("inventory.jdbc.password", "${env:" + DLMS_PASSWORD_ENV + "}");
        c.put("inventory.table", "meter_inventory");
        c.put("inventory.refresh.interval.ms", "5000");
        c.put("poll.interval.ms", "10000");
        c.put("response.timeout.ms", "3000");
        c.put("connect.timeout.ms", "3000");
        c.put("backoff.max.ms", "10000");
        c.put("association.keep.open", "false");
        c.put("profile.read.interval.ms", "30000");
        c.put("profile.initial.lookback.ms", "600000");
        c.put("readings.topic", "meter-readings");
        c.put("intervals.topic", "meter-intervals");
        c.put("clock.sync.enabled", "true");
        c.put("clock.sync.threshold.ms", "10000");
        c.put("clock.sync.topic", "meter-clock-sync");
        // The completeness ledger's re-reads (docs/data-quality.md): each task reads the requests for its meters.
        c.put("backfill.enabled", "true");
        c.put("backfill.bootstrap.servers", bootstrapServers);
        c.put("backfill.requests.topic", "meter-backfill-requests");
        c.put("backfill.outcomes.topic", "meter-backfill-outcomes");
        c.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        return c;
    }

    private static Map<String, String> mqtt(String mqttUri) {
        final Map<String, String> c = base("io.meterflow.connect.mqtt.MqttSourceConnector");
        c.put("mqtt.server.uris", mqttUri);
        c.put("mqtt.topics", "meters/+/telemetry");
        c.put("mqtt.meter.id.topic.template", "meters/{meterId}/telemetry");
        c.put("mqtt.payload.format", "auto");
        c.put("mqtt.kafka.topic", "meter-readings");
        c.put("mqtt.dlq.topic", "meter-readings-dlq");
        c.put("mqtt.sessions", String.valueOf(TASKS));
        // docs/mqtt.md: with Mosquitto, reconnect quickly so the gap after a broker restart stays short.
        c.put("mqtt.reconnect.backoff.max.ms", "1000");
        c.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        return c;
    }

    private static Map<String, String> sink(String jdbcUrl) {
        final Map<String, String> c = base("io.meterflow.connect.postgres.PostgresSinkConnector");
        c.put("topics", "meter-readings,meter-intervals,meter-rates,meter-clock-drift,meter-error-stats,meter-alerts,"
                + "meter-clock-sync,meter-alert-command-results");
        c.put("connection.url", jdbcUrl);
        c.put("connection.user", "meterflow_sink");
        c.put("connection.password", "${env:" + SINK_PASSWORD_ENV + "}");
        c.put("migrations.enabled", "true");
        c.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
        // streams-app writes in transactions: records of an aborted one must not reach the read model.
        c.put("consumer.override.isolation.level", "read_committed");
        c.put("errors.tolerance", "all");
        c.put("errors.deadletterqueue.topic.name", "meter-read-model-dlq");
        c.put("errors.deadletterqueue.topic.replication.factor", "1");
        c.put("errors.deadletterqueue.context.headers.enable", "true");
        return c;
    }

    private static Map<String, String> base(String connectorClass) {
        final Map<String, String> c = new LinkedHashMap<>();
        c.put("connector.class", connectorClass);
        c.put("tasks.max", String.valueOf(TASKS));
        c.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        return c;
    }
}
