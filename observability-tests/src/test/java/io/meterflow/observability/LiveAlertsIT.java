package io.meterflow.observability;

import io.meterflow.kafka.embedded.ConnectRestClient;
import io.meterflow.local.LocalStack;
import io.meterflow.local.LocalStackOptions;
import io.meterflow.testing.mqtt.MosquittoBroker;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped alert rules, evaluated by a real Prometheus that scrapes the running local stack: the misbehaving
 * simulated meters fire the fleet alerts, and stopping a connector fires the pipeline alert. The rules are the
 * shipped files with every {@code for:} shortened to {@value #PENDING_FOR} (expressions unchanged), so the test takes
 * minutes, not the quarter hour the production periods would need.
 *
 * <p>The JMX exporter agent runs in this JVM (failsafe argLine, port {@code meterflow.it.jmxPort}), exporting the
 * in-process broker's and Connect worker's MBeans as {@code ./meterflow local} does.
 */
class LiveAlertsIT {

    private static final String PENDING_FOR = "15s";
    private static final Path HOME = Path.of("..").toAbsolutePath().normalize();
    private static final String SINK = "meterflow-postgres-sink";
    private static final String MQTT_SOURCE = "mqtt-source";
    private static final Set<String> PER_METER_LABELS = Set.of("meter", "meterid", "meter_id", "meterId");

    @Test
    void misbehavingMetersFireTheFleetAlertsAndAStoppedConnectorFiresThePipelineAlert(@TempDir Path tmp) throws Exception {
        final String db = "mf_obs_it_" + ProcessHandle.current().pid();
        final List<Path> rules = ShippedRules.copyWithPendingPeriod(HOME, tmp.resolve("rules"), PENDING_FOR);
        // Its own Mosquitto: a developer's local stack on the machine's broker would share the MQTT client ids.
        try (MosquittoBroker mosquitto = MosquittoBroker.start(tmp.resolve("mosquitto"));
             LocalStack stack = LocalStack.start(LocalStackOptions.parse(new String[] {
                     "--data-dir", tmp.resolve("stack").toString(), "--kafka-port", "0", "--connect-port", "0",
                     "--api-port", "0", "--streams-port", "0", "--db", db, "--mqtt-broker", mosquitto.uri(),
                     "--scenario", HOME.resolve("observability-tests/target/test-classes/scenarios/alerting.yaml").toString()},
                     HOME))) {
            final ConnectRestClient connect = new ConnectRestClient(URI.create(stack.connectUrl()));
            final Map<String, String> jobs = new LinkedHashMap<>();
            jobs.put("connect", "127.0.0.1:" + System.getProperty("meterflow.it.jmxPort", "19404"));
            jobs.put("query-api", "127.0.0.1:" + URI.create(stack.apiUrl()).getPort());
            jobs.put("streams-app", "127.0.0.1:" + stack.streamsPort());
            try (PrometheusServer prometheus = PrometheusServer.start(tmp, jobs, rules, Duration.ofSeconds(5))) {
                Awaitility.await("every target scraped").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2))
                        .untilAsserted(() -> assertThat(prometheus.targetHealth()).allSatisfy((job, health) ->
                                assertThat(health).as(job).isEqualTo("up")));

                Awaitility.await("fleet alerts firing").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(5))
                        .untilAsserted(() -> assertThat(alertNames(prometheus))
                                .as("firing alerts; metrics seen: %s", prometheus.metricNames())
                                .contains("MeterFlowFleetErrorRateHigh", "MeterFlowSilentMetersHigh",
                                        "MeterFlowMqttDeadLetterRateHigh"));
                // The silent share counts meters, however rarely backoff polls them: the 2 silent DLMS meters of 10,
                // and now and then a flaky one whose latest cycle timed out or was refused.
                assertThat(value(prometheus, "sum(kafka_connect_plugin_meters{job=\"connect\"})")).isEqualTo(10.0);
                assertThat(value(prometheus, "meterflow:fleet_silent_share:ratio")).isBetween(0.2, 0.4);
                assertThat(prometheus.firingAlerts()).as("a healthy pipeline raises no pipeline alert")
                        .noneMatch(alert -> alert.contains("layer=pipeline"));

                connect.send("PUT", "/connectors/" + SINK + "/stop", null);

                Awaitility.await("pipeline alert for the stopped sink").atMost(Duration.ofMinutes(2))
                        .pollInterval(Duration.ofSeconds(5))
                        .untilAsserted(() -> assertThat(prometheus.firingAlerts())
                                .anyMatch(alert -> alert.startsWith("MeterFlowConnectorNotRunning{")
                                        && alert.contains("connector=" + SINK) && alert.contains("layer=pipeline")
                                        && alert.contains("severity=critical") && alert.contains("status=stopped")));

                assertThat(prometheus.labelNames()).as("no per-meter label on any series")
                        .doesNotContainAnyElementsOf(PER_METER_LABELS);
            }
        } finally {
            dropDatabase(db);
        }
    }

    private static double value(PrometheusServer prometheus, String promql) {
        final var result = prometheus.query(promql);
        assertThat(result).as(promql).hasSize(1);
        return result.get(0).path("value").get(1).asDouble();
    }

    private static List<String> alertNames(PrometheusServer prometheus) {
        return prometheus.firingAlerts().stream().map(a -> a.substring(0, a.indexOf('{'))).toList();
    }

    private static void dropDatabase(String db) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
        }
    }
}
