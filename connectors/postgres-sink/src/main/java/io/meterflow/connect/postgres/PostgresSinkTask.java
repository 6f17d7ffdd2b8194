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
import java.util.List;
import java.util.Map;
import java.util.Set;

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
    private StoredOffsets offsets;
    private DeadLetters deadLetters;
    private HistoryPartitions partitions;
    private ReadModelWriter writer;
    private RetryBackoff retry;
    private SinkMetrics metrics;
    private boolean schemaReady;
    private Instant nextMaintenance = Instant.MIN;

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
        final OffsetStore store = new OffsetStore(connectorName);
        offsets = new StoredOffsets(store);
        deadLetters = new DeadLetters(context);
        partitions = new HistoryPartitions();
        writer = new ReadModelWriter(store, partitions);
        retry = new RetryBackoff(config.retryBackoffInitial(), config.retryBackoffMax(), config.retryTimeout(), clock);
        metrics = new SinkMetrics(context == null ? null : context.pluginMetrics());
        schemaReady = !config.migrationsEnabled();
        LOG.info("PostgreSQL sink task for connector {} started, writing to {}", connectorName, config.connectionUrl());
    }

    @Override
    public void open(Collection<TopicPartition> assigned) {
        offsets.assigned(assigned);
        try {
            offsets.seek(prepare(), context);
        } catch (SQLException | FlywayException e) {
            // put() seeks once the database is back; until then it writes nothing for these partitions.
            LOG.warn("Cannot read the stored offsets of {} now ({}); will retry before writing", assigned, e.getMessage());
            database.abandon();
        }
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        if (records.isEmpty() && !offsets.awaitingSeek() && clock.instant().isBefore(nextMaintenance)) {
            return;
        }
        try {
            final Connection c = prepare();
            final Set<TopicPartition> repositioned = offsets.seek(c, context);
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
        for (SinkRecord record : batch) {
            try {
                decoded.add(decoder.decode(record));
            } catch (InvalidRecordException e) {
                deadLetters.report(record, e);
            }
        }
        // The DLQ copy must be durable before the offsets that skip the record are.
        final int deadLettered = deadLetters.awaitReported();
        final Instant cutoff = clock.instant().minus(config.retention()).truncatedTo(ChronoUnit.DAYS);
        final ReadModelWriter.BatchResult result = writer.write(c, batch, decoded, cutoff);
        offsets.stored(result.nextOffsets());
        deadLetters.batchStored();
        metrics.written(result.written());
        metrics.replayed(result.replayed());
        metrics.expired(result.expired());
        metrics.deadLettered(deadLettered);
        if (result.replayed() > 0) {
            // Rare once the task has sought to its stored offsets (a zombie task, a reset the seek missed).
            LOG.info("Skipped {} " + REPLAY_SKIPPED_LOG, result.replayed());
        }
        LOG.debug("Wrote {} records ({} replayed, {} dead-lettered); next offsets {}", result.written(),
                result.replayed(), deadLettered, result.nextOffsets());
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> current) {
        return offsets.committable(current);
    }

    @Override
    public void close(Collection<TopicPartition> revoked) {
        offsets.revoked(revoked);
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
