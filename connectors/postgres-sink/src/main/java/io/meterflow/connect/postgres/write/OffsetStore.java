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

    /** All partitions of a batch in one round trip, in one order (two zombie tasks lock them alike). */
    private static final String SELECT = """
            SELECT topic, partition, next_offset FROM sink_offset
            WHERE connector = ? AND (topic, partition) IN (SELECT * FROM unnest(?::text[], ?::integer[]))
            ORDER BY topic, partition""";
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
        if (partitions.isEmpty()) {
            return found;
        }
        final String[] topics = new String[partitions.size()];
        final Integer[] numbers = new Integer[partitions.size()];
        int i = 0;
        for (TopicPartition tp : partitions) {
            topics[i] = tp.topic();
            numbers[i++] = tp.partition();
        }
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, connector);
            ps.setArray(2, c.createArrayOf("text", topics));
            ps.setArray(3, c.createArrayOf("integer", numbers));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.put(new TopicPartition(rs.getString(1), rs.getInt(2)), rs.getLong(3));
                }
            }
        }
        return found;
    }
}
