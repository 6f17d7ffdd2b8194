package io.meterflow.local.chaos;

import io.meterflow.schema.Alert;
import io.meterflow.schema.Interval;
import io.meterflow.schema.MeterValue;
import io.meterflow.schema.Reading;
import io.meterflow.schema.ReadingSource;
import io.meterflow.schema.serde.MeterFlowJson;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Holds the topics and the read model against the simulator's journal: every MQTT publication the broker
 * acknowledged is a reading in meter-readings, every energy value a DLMS meter served is in one of its readings,
 * every load-profile row it served is in meter-intervals (from the first row the source took of the meter on); no
 * alert transition is in meter-alerts twice; the read model's history tables hold exactly the topics' records
 * (readings, intervals, alert transitions).
 */
final class Verifier {

    private static final String ENERGY_IMPORT = "1.0.1.8.0.255";

    private final String bootstrapServers;
    private final String jdbcUrl;

    Verifier(String bootstrapServers, String jdbcUrl) {
        this.bootstrapServers = bootstrapServers;
        this.jdbcUrl = jdbcUrl;
    }

    Verdict verify(Journal journal, List<FaultWindow> windows) {
        final List<String> details = new ArrayList<>();
        final Set<String> mqttReadings = new HashSet<>();
        final Set<String> dlmsEnergy = new HashSet<>();
        final Set<String> readingKeys = new HashSet<>();
        final List<ConsumerRecord<byte[], byte[]>> readings = TopicContents.read(bootstrapServers, List.of("meter-readings"));
        for (ConsumerRecord<byte[], byte[]> r : readings) {
            final Reading reading = parse(r.value(), Reading.class);
            readingKeys.add(reading.meterId() + "@" + reading.collectedAt());
            if (reading.source() == ReadingSource.MQTT && reading.meterTime() != null) {
                mqttReadings.add(reading.meterId() + "@" + reading.meterTime());
            }
            for (MeterValue v : reading.values()) {
                if (ENERGY_IMPORT.equals(v.obis())) {
                    dlmsEnergy.add(reading.meterId() + "@" + Math.round(v.value()));
                }
            }
        }
        final List<ConsumerRecord<byte[], byte[]>> intervals = TopicContents.read(bootstrapServers, List.of("meter-intervals"));
        final Set<String> intervalKeys = new HashSet<>();
        final Map<String, Long> firstRow = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : intervals) {
            final Interval interval = parse(r.value(), Interval.class);
            intervalKeys.add(interval.meterId() + "@" + interval.capturedAt());
            firstRow.merge(interval.meterId(), interval.capturedAt(), Math::min);
        }
        final List<ConsumerRecord<byte[], byte[]>> alerts = TopicContents.read(bootstrapServers, List.of("meter-alerts"));
        final Map<String, Integer> transitions = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : alerts) {
            if (r.value() == null) {
                continue;
            }
            final Alert alert = parse(r.value(), Alert.class);
            transitions.merge(alert.meterId() + "|" + alert.rule() + "|" + alert.state() + "|" + alert.at(), 1,
                    Integer::sum);
        }

        long lost = 0;
        long brokerLost = 0;
        long pollsCut = 0;
        for (Journal.Entry e : journal.entries()) {
            if (e.kind() == Journal.Kind.ROW && e.value() < firstRow.getOrDefault(e.meterId(), Long.MIN_VALUE)) {
                // From before the rows the source started the meter with (profile.initial.lookback.ms): the first
                // entry of the buffer, which a re-read reads only to learn where the buffer starts.
                continue;
            }
            final boolean found = switch (e.kind()) {
                case MQTT -> mqttReadings.contains(e.meterId() + "@" + e.value());
                case REG -> dlmsEnergy.contains(e.meterId() + "@" + e.value());
                case ROW -> intervalKeys.contains(e.meterId() + "@" + e.value());
            };
            if (found) {
                continue;
            }
            final FaultWindow.Cause excused = excuse(e, windows);
            if (excused == FaultWindow.Cause.MQTT_BROKER_RESTART) {
                brokerLost++;
            } else if (excused == FaultWindow.Cause.POLL_CUT) {
                pollsCut++;
            } else {
                lost++;
                if (details.size() < 20) {
                    details.add("lost: " + e.kind() + " " + e.meterId() + " " + e.value() + " (at " + e.at() + ")");
                }
            }
        }
        final long duplicated = transitions.values().stream().mapToLong(n -> n - 1L).sum();
        if (duplicated > 0) {
            details.add("alert transitions in meter-alerts more than once: " + duplicated);
        }
        final ReadModelDiff readModel = compareReadModel(readingKeys, intervalKeys, transitions.keySet());
        details.addAll(readModel.details());
        final long checked = journal.entries().size() + readings.size() + intervals.size() + alerts.size();
        return new Verdict(checked, lost + readModel.missing(), duplicated + readModel.extra(), brokerLost, pollsCut,
                details);
    }

    private static FaultWindow.Cause excuse(Journal.Entry e, List<FaultWindow> windows) {
        for (FaultWindow w : windows) {
            final boolean applies = w.cause() == FaultWindow.Cause.MQTT_BROKER_RESTART
                    ? e.kind() == Journal.Kind.MQTT : e.kind() != Journal.Kind.MQTT;
            if (applies && w.covers(e.at())) {
                return w.cause();
            }
        }
        return null;
    }

    private record ReadModelDiff(long missing, long extra, List<String> details) {
    }

    private ReadModelDiff compareReadModel(Set<String> readings, Set<String> intervals, Set<String> transitions) {
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "")) {
            final List<String> details = new ArrayList<>();
            long missing = 0;
            long extra = 0;
            final long[][] diffs = {
                    diff("readings", readings, keys(c, "SELECT meter_id || '@' || meterflow_epoch_ms(collected_at) FROM reading_history"), details),
                    diff("intervals", intervals, keys(c, "SELECT meter_id || '@' || meterflow_epoch_ms(captured_at) FROM interval_history"), details),
                    diff("alert transitions", transitions, keys(c, "SELECT meter_id || '|' || rule || '|' || state || '|' "
                            + "|| meterflow_epoch_ms(at) FROM alert_transition"), details)};
            for (long[] d : diffs) {
                missing += d[0];
                extra += d[1];
            }
            return new ReadModelDiff(missing, extra, details);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the read model at " + jdbcUrl + ": " + e.getMessage(), e);
        }
    }

    private static long[] diff(String what, Set<String> topic, Set<String> table, List<String> details) {
        final Set<String> missing = new HashSet<>(topic);
        missing.removeAll(table);
        final Set<String> extra = new HashSet<>(table);
        extra.removeAll(topic);
        if (!missing.isEmpty() || !extra.isEmpty()) {
            details.add("read model " + what + ": " + missing.size() + " topic records missing (e.g. "
                    + missing.stream().limit(3).toList() + "), " + extra.size() + " rows no record explains (e.g. "
                    + extra.stream().limit(3).toList() + ")");
        }
        return new long[] {missing.size(), extra.size()};
    }

    private static Set<String> keys(Connection c, String sql) throws SQLException {
        final Set<String> keys = new HashSet<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                keys.add(rs.getString(1));
            }
        }
        return keys;
    }

    private static <T> T parse(byte[] json, Class<T> type) {
        try {
            return MeterFlowJson.mapper().readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException("A record of " + type.getSimpleName() + " does not parse", e);
        }
    }
}
