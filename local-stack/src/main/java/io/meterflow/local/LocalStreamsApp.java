package io.meterflow.local;

import io.meterflow.streams.StreamsApp;
import io.meterflow.streams.config.StreamsAppConfigLoader;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * streams-app in the local stack: the shipped {@code streams-app/config/streams.properties} and alert rules, with
 * settings that make results show within minutes on the simulated fleet (1-minute windows, the fleet's 10 s poll
 * and publish interval as the expected interval; a pushing meter's expected interval is its push interval from the
 * inventory, given to streams-app the way any per-meter interval is, as {@code expected.interval.meters}).
 * Environment variables {@code METERFLOW_STREAMS_*} still apply to
 * every other key.
 */
final class LocalStreamsApp {

    private LocalStreamsApp() {
    }

    static StreamsApp start(LocalStackOptions options, String bootstrapServers) {
        final Map<String, String> env = new HashMap<>(System.getenv());
        settings(options, bootstrapServers).forEach((key, value) -> env.put(StreamsAppConfigLoader.envName(key), value));
        final StreamsApp app = new StreamsApp(StreamsAppConfigLoader.load(
                options.home().resolve("streams-app/config/streams.properties"), env));
        app.start();
        return app;
    }

    static Map<String, String> settings(LocalStackOptions options, String bootstrapServers) {
        final Map<String, String> s = new LinkedHashMap<>();
        s.put("bootstrap.servers", bootstrapServers);
        s.put("application.id", "meterflow-streams-local");
        s.put("state.dir", options.dataDir().resolve("streams").toString());
        s.put("rules.file", options.home().resolve("streams-app/config/alert-rules.yaml").toString());
        s.put("validation.rules.file", options.home().resolve("streams-app/config/validation-rules.yaml").toString());
        s.put("http.host", "127.0.0.1");
        s.put("http.port", String.valueOf(options.streamsPort()));
        s.put("error.stats.window.sizes", "PT1M");
        s.put("error.stats.grace", "PT10S");
        s.put("expected.interval.dlms", "PT10S");
        s.put("expected.interval.mqtt", "PT10S");
        final List<String> pushIntervals = pushIntervals(options);
        if (!pushIntervals.isEmpty()) {
            s.put("expected.interval.meters", String.join(",", pushIntervals));
        }
        return s;
    }

    /**
     * {@code meterId=ISO-duration} of every pushing meter in the inventory (protocol 'dlms-push' with an expected
     * interval), so MeterSilent waits for three of its pushes, not three poll intervals.
     */
    static List<String> pushIntervals(LocalStackOptions options) {
        final List<String> entries = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(options.jdbcUrl(), options.dbUser(), "");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT meter_id, expected_interval_ms FROM meter_inventory "
                     + "WHERE enabled AND protocol = 'dlms-push' AND expected_interval_ms IS NOT NULL ORDER BY 1")) {
            while (rs.next()) {
                entries.add(rs.getString(1) + "=" + Duration.ofMillis(rs.getLong(2)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the push meters' intervals from meter_inventory: "
                    + e.getMessage(), e);
        }
        return entries;
    }
}
