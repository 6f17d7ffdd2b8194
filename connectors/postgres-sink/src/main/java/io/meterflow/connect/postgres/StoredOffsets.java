package io.meterflow.connect.postgres;

import io.meterflow.connect.postgres.write.OffsetStore;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The task's side of the offsets stored in PostgreSQL, the source of truth: newly assigned partitions are sought to
 * their stored offsets before anything is written for them, and Kafka's committed offsets only follow what the
 * database holds (for lag monitoring).
 */
final class StoredOffsets {

    private static final Logger LOG = LoggerFactory.getLogger(StoredOffsets.class);

    private final OffsetStore store;
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    private final Set<TopicPartition> awaitingSeek = new HashSet<>();

    StoredOffsets(OffsetStore store) {
        this.store = store;
    }

    void assigned(Collection<TopicPartition> partitions) {
        awaitingSeek.addAll(partitions);
    }

    boolean awaitingSeek() {
        return !awaitingSeek.isEmpty();
    }

    /** Seeks the partitions awaiting it to their stored offsets; returns the partitions it moved. */
    Set<TopicPartition> seek(Connection c, SinkTaskContext context) throws SQLException {
        if (awaitingSeek.isEmpty()) {
            return Set.of();
        }
        final Map<TopicPartition, Long> stored = store.load(c, awaitingSeek);
        c.rollback();
        if (!stored.isEmpty()) {
            context.offset(stored);
            LOG.info("Resuming from the offsets stored in PostgreSQL: {}", stored);
        }
        committed.putAll(stored);
        awaitingSeek.clear();
        return stored.keySet();
    }

    /** The next offsets a committed transaction stored. */
    void stored(Map<TopicPartition, Long> nextOffsets) {
        committed.putAll(nextOffsets);
    }

    /** What Kafka may commit: the offsets the database holds, for the partitions Connect asks about. */
    Map<TopicPartition, OffsetAndMetadata> committable(Map<TopicPartition, OffsetAndMetadata> current) {
        final Map<TopicPartition, OffsetAndMetadata> result = new HashMap<>();
        for (TopicPartition tp : current.keySet()) {
            final Long next = committed.get(tp);
            if (next != null) {
                result.put(tp, new OffsetAndMetadata(next));
            }
        }
        return result;
    }

    void revoked(Collection<TopicPartition> partitions) {
        partitions.forEach(tp -> {
            committed.remove(tp);
            awaitingSeek.remove(tp);
        });
    }
}
