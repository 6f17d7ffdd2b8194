package io.meterflow.connect.postgres.write;

import io.meterflow.connect.postgres.config.TopicKind;
import io.meterflow.connect.postgres.decode.DecodedRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes one batch of records and the offsets after them in ONE transaction. Records at or after the offset
 * already stored for their partition are the only ones written, so a redelivered batch changes nothing.
 */
public final class ReadModelWriter {

    private final OffsetStore offsets;
    private final HistoryPartitions partitions;

    public ReadModelWriter(OffsetStore offsets, HistoryPartitions partitions) {
        this.offsets = offsets;
        this.partitions = partitions;
    }

    /**
     * @param handled       every record of the batch that is dealt with (written or dead-lettered): their offsets
     *                      advance
     * @param records       the decoded records to write
     * @param historyCutoff history rows before this instant are past retention and not written
     * @return what was written and the next offsets now stored
     */
    public BatchResult write(Connection c, Collection<SinkRecord> handled, List<DecodedRecord> records,
                             Instant historyCutoff) throws SQLException {
        final Map<TopicPartition, Long> next = nextOffsets(handled);
        final Map<TopicPartition, Long> stored = offsets.lock(c, next.keySet());
        final Map<TopicKind, List<Object>> byKind = new EnumMap<>(TopicKind.class);
        final List<DecodedRecord> toWrite = new ArrayList<>(records.size());
        int replayed = 0;
        for (DecodedRecord record : records) {
            final SinkRecord source = record.source();
            final Long storedNext = stored.get(SinkPositions.partitionOf(source));
            if (storedNext != null && source.originalKafkaOffset() < storedNext) {
                replayed++;
                continue;
            }
            toWrite.add(record);
            byKind.computeIfAbsent(record.kind(), k -> new ArrayList<>()).add(record.value());
        }
        MeterDocumentLocks.lock(c, toWrite);
        int expired = 0;
        for (Map.Entry<TopicKind, List<Object>> entry : byKind.entrySet()) {
            for (TableWrite<?> table : ReadModelTables.BY_KIND.get(entry.getKey())) {
                expired += writeTable(c, table, entry.getValue(), historyCutoff.toEpochMilli());
            }
        }
        offsets.save(c, next);
        c.commit();
        partitions.committed();
        final int written = byKind.values().stream().mapToInt(List::size).sum();
        return new BatchResult(written, replayed, expired, next);
    }

    @SuppressWarnings("unchecked")
    private <T> int writeTable(Connection c, TableWrite<T> table, List<Object> values, long cutoff)
            throws SQLException {
        List<T> rows = (List<T>) values;
        int expired = 0;
        if (table.partitioned()) {
            rows = new ArrayList<>(values.size());
            for (Object value : values) {
                final T row = (T) value;
                final long at = table.eventTime().applyAsLong(row);
                if (at < cutoff) {
                    expired++;
                    continue;
                }
                partitions.ensure(c, table.table(), at);
                rows.add(row);
            }
        }
        if (table.latestKey() != null) {
            rows = newestPerKey(table, rows);
        }
        if (rows.isEmpty()) {
            return expired;
        }
        try (PreparedStatement ps = c.prepareStatement(table.sql())) {
            for (T row : rows) {
                table.binder().bind(new Statements(ps), row);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        return expired;
    }

    /** One upsert per key and batch: the newest value, the later one in Kafka order when they tie. */
    private static <T> List<T> newestPerKey(TableWrite<T> table, List<T> values) {
        final Map<Object, T> newest = new LinkedHashMap<>();
        for (T value : values) {
            newest.merge(table.latestKey().apply(value), value, (old, candidate) ->
                    table.newest().compare(candidate, old) >= 0 ? candidate : old);
        }
        return new ArrayList<>(newest.values());
    }

    private static Map<TopicPartition, Long> nextOffsets(Collection<SinkRecord> handled) {
        final Map<TopicPartition, Long> next = new LinkedHashMap<>();
        for (SinkRecord r : handled) {
            next.merge(SinkPositions.partitionOf(r), r.originalKafkaOffset() + 1, Math::max);
        }
        return next;
    }

    /**
     * @param written  records written (each into all tables of its kind)
     * @param replayed records skipped because their offsets were already stored
     * @param expired  history rows skipped as older than the retention
     */
    public record BatchResult(int written, int replayed, int expired, Map<TopicPartition, Long> nextOffsets) {
    }
}
