package io.meterflow.bench.e2e;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * How far each hop got on meter-readings: the topic's end (everything the sources wrote), the streams-app's committed
 * position (its consumer group), and the sink's (the offsets it stores in the read model with the rows).
 */
final class Positions implements AutoCloseable {

    /** Sums over the partitions of meter-readings. */
    record Snapshot(long atMs, long topicEnd, long streams, long sink) {
    }

    private final Admin admin;
    private final String jdbcUrl;

    Positions(String bootstrapServers, String jdbcUrl) {
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
        this.jdbcUrl = jdbcUrl;
    }

    Snapshot now() {
        try {
            final Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(java.util.List.of("meter-readings")).allTopicNames().get().get("meter-readings")
                    .partitions().forEach(p -> latest.put(new TopicPartition("meter-readings", p.partition()),
                            OffsetSpec.latest()));
            final long end = admin.listOffsets(latest).all().get().values().stream().mapToLong(i -> i.offset()).sum();
            long streams = 0;
            for (Map.Entry<TopicPartition, OffsetAndMetadata> e : admin
                    .listConsumerGroupOffsets(Pipeline.STREAMS_APP_ID).partitionsToOffsetAndMetadata().get().entrySet()) {
                if (e.getKey().topic().equals("meter-readings") && e.getValue() != null) {
                    streams += e.getValue().offset();
                }
            }
            return new Snapshot(System.currentTimeMillis(), end, streams, sinkPosition());
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private long sinkPosition() {
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "");
             PreparedStatement s = c.prepareStatement(
                     "SELECT coalesce(sum(next_offset), 0) FROM sink_offset WHERE topic = 'meter-readings'");
             ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("sink_offset: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        admin.close();
    }
}
