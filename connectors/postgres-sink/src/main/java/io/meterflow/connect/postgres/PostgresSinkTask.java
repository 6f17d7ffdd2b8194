package io.meterflow.connect.postgres;

import io.meterflow.connect.postgres.config.PostgresSinkConfig;
import io.meterflow.connect.postgres.db.Database;
import io.meterflow.connect.postgres.db.TransientFailures;
import io.meterflow.connect.postgres.decode.DecodedRecord;
import io.meterflow.connect.postgres.decode.InvalidRecordException;
import io.meterflow.connect.postgres.decode.RecordDecoder;
import io.meterflow.connect.postgres.write.HistoryPartitions;
import io.meterflow.connect.postgres.write.OffsetStore;
import io.meterflow.connect.postgres.write.ReadModelWriter;
import io.meterflow.connect.postgres.write.SinkPositions;
import io.meterflow.connect.support.plugin.PluginVersion;
import io.meterflow.schema.readmodel.ReadModelMigrations;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Writes batches into the read model with their offsets in the same transaction, and positions the consumer at
 * the offsets stored in the database when partitions are assigned. Kafka's own committed offsets only follow the
 * database (for lag monitoring); the database is the source of truth.
 */
public final class PostgresSinkTask extends SinkTask {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresSinkTask.class);
    static final String REPLAY_SKIPPED_LOG = "redelivered records whose offsets PostgreSQL already holds";

    private final Clock clock;
    private PostgresSinkConfig config;
    private RecordDecoder decoder;
    private Database database;
    private OffsetStore offsets;
    private HistoryPartitions partitions;
    private ReadModelWriter writer;
    private RetryBackoff retry;
    private SinkMetrics metrics;
    private boolean schemaReady;
    private Instant nextMaintenance = Instant.MIN;
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    private final Set<TopicPartition> awaitingSeek = new HashSet<>();
    // Records already sent to the DLQ while their batch is being retried, so a retry does not send them again.
    private final Set<String> deadLettered = new HashSet<>();

    public PostgresSinkTask() {
        this(Clock.systemUTC());
    }

    PostgresSinkTask(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String version() {
        return PluginVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        config = new PostgresSinkConfig(props);
        final String connectorName = props.getOrDefault("name", "meterflow-postgres-sink");
        decoder = new RecordDecoder(config.topicRouting());
        database = new Database(config);
        offsets = new OffsetStore(connectorName);
        partitions = new HistoryPartitions();
        writer = new ReadModelWriter(offsets, partitions);
        retry = new RetryBackoff(config.retryBackoffInitial(), config.retryBackoffMax(), config.retryTimeout(), clock);
        metrics = new SinkMetrics(context == null ? null : context.pluginMetrics());
        schemaReady = !config.migrationsEnabled();
        LOG.info("PostgreSQL sink task for connector {} started, writing to {}", connectorName, config.connectionUrl());
    }

    @Override
    public void open(Collection<TopicPartition> assigned) {
        awaitingSeek.addAll(assigned);
        try {
            seekToStoredOffsets(prepare());
        } catch (SQLException | FlywayException e) {
            // put() seeks once the database is back; until then it writes nothing for these partitions.
            LOG.warn("Cannot read the stored offsets of {} now ({}); will retry before writing", assigned, e.getMessage());
            database.abandon();
        }
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        if (records.isEmpty() && awaitingSeek.isEmpty() && clock.instant().isBefore(nextMaintenance)) {
            return;
        }
        try {
            final Connection c = prepare();
            final Set<TopicPartition> repositioned = seekToStoredOffsets(c);
            final List<SinkRecord> batch = records.stream()
                    .filter(r -> !repositioned.contains(SinkPositions.partitionOf(r))).toList();
            if (!batch.isEmpty()) {
                writeBatch(c, batch);
            }
            maintainIfDue(c);
            retry.reset();
        } catch (SQLException | FlywayException e) {
            database.abandon();
            partitions.rolledBack();
            if (!isTransient(e)) {
                throw new ConnectException("PostgreSQL rejected a batch of " + records.size() + " records: "
                        + e.getMessage(), e);
            }
            metrics.transientFailure();
            final Duration delay = retry.nextDelay(e);
            LOG.warn("PostgreSQL unavailable (attempt {}): {}; retrying the batch in {} ms", retry.attempts(),
                    e.getMessage(), delay.toMillis());
            context.timeout(delay.toMillis());
            throw new RetriableException("PostgreSQL unavailable: " + e.getMessage(), e);
        }
    }

    private void writeBatch(Connection c, List<SinkRecord> batch) throws SQLException {
        final List<DecodedRecord> decoded = new ArrayList<>(batch.size());
        final List<Future<Void>> reports = new ArrayList<>();
        for (SinkRecord record : batch) {
            try {
                decoded.add(decoder.decode(record));
            } catch (InvalidRecordException e) {
                deadLetter(record, e).ifPresent(reports::add);
            }
        }
        // The DLQ copy must be durable before the offsets that skip the record are.
        awaitAll(reports);
        final Instant cutoff = clock.instant().minus(config.retention()).truncatedTo(ChronoUnit.DAYS);
        final ReadModelWriter.BatchResult result = writer.write(c, batch, decoded, cutoff);
        committed.putAll(result.nextOffsets());
        deadLettered.clear();
        metrics.written(result.written());
        metrics.replayed(result.replayed());
        metrics.expired(result.expired());
        metrics.deadLettered(reports.size());
        if (result.replayed() > 0) {
            // Rare once the task has sought to its stored offsets (a zombie task, a reset the seek missed).
            LOG.info("Skipped {} " + REPLAY_SKIPPED_LOG, result.replayed());
        }
        LOG.debug("Wrote {} records ({} replayed, {} dead-lettered); next offsets {}", result.written(),
                result.replayed(), reports.size(), result.nextOffsets());
    }

    private java.util.Optional<Future<Void>> deadLetter(SinkRecord record, InvalidRecordException e) {
        final ErrantRecordReporter reporter = context.errantRecordReporter();
        if (reporter == null) {
            throw new ConnectException(e.getMessage() + " (configure errors.tolerance=all and "
                    + "errors.deadletterqueue.topic.name to route such records to a dead-letter queue)", e);
        }
        final String coordinates = SinkPositions.partitionOf(record) + "@" + record.originalKafkaOffset();
        if (!deadLettered.add(coordinates)) {
            return java.util.Optional.empty();
        }
        LOG.warn("Sending to the dead-letter queue: {}", e.getMessage());
        return java.util.Optional.of(reporter.report(record, e));
    }

    private static void awaitAll(List<Future<Void>> reports) {
        for (Future<Void> report : reports) {
            try {
                report.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConnectException("Interrupted while writing to the dead-letter queue", e);
            } catch (ExecutionException e) {
                throw new ConnectException("Writing to the dead-letter queue failed: " + e.getCause().getMessage(),
                        e.getCause());
            }
        }
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> current) {
        final Map<TopicPartition, OffsetAndMetadata> stored = new HashMap<>();
        for (TopicPartition tp : current.keySet()) {
            final Long next = committed.get(tp);
            if (next != null) {
                stored.put(tp, new OffsetAndMetadata(next));
            }
        }
        return stored;
    }

    @Override
    public void close(Collection<TopicPartition> revoked) {
        revoked.forEach(tp -> {
            committed.remove(tp);
            awaitingSeek.remove(tp);
        });
    }

    @Override
    public void stop() {
        if (database != null) {
            database.close();
        }
        LOG.info("PostgreSQL sink task stopped");
    }

    private Connection prepare() throws SQLException {
        if (!schemaReady) {
            ReadModelMigrations.migrate(config.connectionUrl(), config.connectionUser(),
                    config.connectionPassword().value());
            schemaReady = true;
        }
        return database.connection();
    }

    /** Seeks the partitions awaiting it to their stored offsets; returns the partitions it moved. */
    private Set<TopicPartition> seekToStoredOffsets(Connection c) throws SQLException {
        if (awaitingSeek.isEmpty()) {
            return Set.of();
        }
        final Map<TopicPartition, Long> stored = offsets.load(c, awaitingSeek);
        c.rollback();
        if (!stored.isEmpty()) {
            context.offset(stored);
            LOG.info("Resuming from the offsets stored in PostgreSQL: {}", stored);
        }
        committed.putAll(stored);
        awaitingSeek.clear();
        return stored.keySet();
    }

    private void maintainIfDue(Connection c) throws SQLException {
        final Instant now = clock.instant();
        if (now.isBefore(nextMaintenance)) {
            return;
        }
        partitions.dropExpired(c, now, config.retention());
        nextMaintenance = now.plus(config.maintenanceInterval());
    }

    private static boolean isTransient(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && TransientFailures.isTransient(sql)) {
                return true;
            }
        }
        return false;
    }
}
