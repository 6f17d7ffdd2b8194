package io.meterflow.connect.postgres.write;

import org.apache.kafka.common.TopicPartition;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/** The sink's consumed offsets in the {@code sink_offset} table, keyed by connector name. */
public final class OffsetStore {

    private static final String SELECT = """
            SELECT next_offset FROM sink_offset WHERE connector = ? AND topic = ? AND partition = ?""";
    private static final String UPSERT = """
            INSERT INTO sink_offset AS t (connector, topic, partition, next_offset) VALUES (?, ?, ?, ?)
            ON CONFLICT (connector, topic, partition)
            DO UPDATE SET next_offset = GREATEST(t.next_offset, excluded.next_offset), updated_at = now()""";

    private final String connector;

    public OffsetStore(String connector) {
        this.connector = connector;
    }

    /** The next offsets stored for these partitions; partitions never written are absent. */
    public Map<TopicPartition, Long> load(Connection c, Collection<TopicPartition> partitions) throws SQLException {
        return select(c, partitions, SELECT);
    }

    /**
     * Like {@link #load} but locks the rows until the transaction ends, so that two tasks that both believe
     * they own a partition (a zombie after a rebalance) cannot both write the same records.
     */
    Map<TopicPartition, Long> lock(Connection c, Collection<TopicPartition> partitions) throws SQLException {
        return select(c, partitions, SELECT + " FOR UPDATE");
    }

    void save(Connection c, Map<TopicPartition, Long> nextOffsets) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
            for (Map.Entry<TopicPartition, Long> e : nextOffsets.entrySet()) {
                ps.setString(1, connector);
                ps.setString(2, e.getKey().topic());
                ps.setInt(3, e.getKey().partition());
                ps.setLong(4, e.getValue());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private Map<TopicPartition, Long> select(Connection c, Collection<TopicPartition> partitions, String sql)
            throws SQLException {
        final Map<TopicPartition, Long> found = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (TopicPartition tp : partitions) {
                ps.setString(1, connector);
                ps.setString(2, tp.topic());
                ps.setInt(3, tp.partition());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        found.put(tp, rs.getLong(1));
                    }
                }
            }
        }
        return found;
    }
}
