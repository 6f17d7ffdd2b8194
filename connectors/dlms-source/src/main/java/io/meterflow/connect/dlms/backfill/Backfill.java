package io.meterflow.connect.dlms.backfill;

import io.meterflow.connect.dlms.config.BackfillSettings;
import io.meterflow.connect.dlms.metrics.DlmsTaskMetrics;
import io.meterflow.connect.support.thread.DaemonThreads;
import io.meterflow.schema.BackfillOutcome;
import io.meterflow.schema.BackfillResult;
import io.meterflow.schema.Interval;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * A task's backfill service: its request consumer thread fills the inbox; each meter's poller takes the meter's
 * requests in its own poll cycle (so a re-read never opens a second association to a meter) and turns what it read
 * into records: rows with provenance BACKFILL, then one outcome per request, whose source offset is the meter's new
 * request position (see {@link RequestPositions}).
 */
public final class Backfill implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Backfill.class);

    private final BackfillSettings.Values settings;
    private final BackfillInbox inbox;
    private final RequestPositions positions;
    private final BackfillRecords records;
    private final DlmsTaskMetrics metrics;
    private final LongSupplier clock;
    private final RequestConsumer consumer;
    private final Thread thread;

    private Backfill(BackfillSettings.Values settings, BackfillInbox inbox, RequestPositions positions,
                     BackfillRecords records, DlmsTaskMetrics metrics, LongSupplier clock, RequestConsumer consumer,
                     Thread thread) {
        this.settings = settings;
        this.inbox = inbox;
        this.positions = positions;
        this.records = records;
        this.metrics = metrics;
        this.clock = clock;
        this.consumer = consumer;
        this.thread = thread;
    }

    /**
     * Starts reading requests for {@code meters}.
     *
     * @param committed the committed offsets of the meters' backfill partitions ({@link RequestPositions#partition})
     * @param onFailure told when the request consumer fails for good (the task then fails with it)
     */
    public static Backfill start(String name, BackfillSettings.Values settings, String intervalsTopic,
                                 Set<String> meters, Map<? extends Map<String, ?>, Map<String, Object>> committed,
                                 DlmsTaskMetrics metrics, Consumer<RuntimeException> onFailure) {
        final LongSupplier clock = System::currentTimeMillis;
        final BackfillInbox inbox = new BackfillInbox(settings.maxPending());
        final RequestPositions positions = RequestPositions.fromCommitted(committed);
        final RequestConsumer consumer = new RequestConsumer(new KafkaConsumer<>(consumerConfig(settings, name)),
                settings.requestsTopic(), settings.lookback(), meters, positions, inbox, metrics, clock);
        final Thread thread = DaemonThreads.named(name + "-backfill-requests").newThread(() -> {
            try {
                consumer.run();
            } catch (RuntimeException e) {
                LOG.error("Backfill request consumer of {} failed", name, e);
                onFailure.accept(e);
            }
        });
        metrics.backfillPending(inbox::size);
        thread.start();
        return new Backfill(settings, inbox, positions, new BackfillRecords(intervalsTopic, settings.outcomesTopic()),
                metrics, clock, consumer, thread);
    }

    static Map<String, Object> consumerConfig(BackfillSettings.Values settings, String name) {
        final Map<String, Object> config = new HashMap<>(settings.consumer());
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        config.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, name + "-backfill-requests");
        // Positions live in the task's source offsets: no group, nothing committed to Kafka.
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // The ledger writes with exactly-once: a request of an aborted transaction was never asked.
        config.putIfAbsent(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return config;
    }

    /** Most capture periods one meter's cycle re-reads. */
    public int maxRowsPerCycle() {
        return settings.maxRowsPerRead();
    }

    /** The meter's oldest waiting request as a job, or null. */
    public BackfillJob next(String meterId) {
        final PendingRequest pending = inbox.take(meterId);
        return pending == null ? null : new BackfillJob(pending);
    }

    /** A row re-read for {@code job}. */
    public SourceRecord row(BackfillJob job, Interval interval) {
        return records.row(interval, positions.offset(job.request().meterId()));
    }

    /** One range read for a request returned {@code rows} rows (all handed over). */
    public void rangeRead(int rows) {
        metrics.backfillRead(rows);
    }

    /** The outcome of {@code job}; it moves the meter's request position past the job's request. */
    public SourceRecord outcome(BackfillJob job, BackfillResult result, Long bufferStart, String error) {
        final PendingRequest pending = job.pending();
        final BackfillOutcome outcome = BackfillOutcome.of(pending.request(), result, job.rowsRead(), bufferStart,
                clock.getAsLong(), error);
        metrics.backfillOutcome(result);
        LOG.debug("Backfill {} attempt {}: {} ({} rows){}", pending.request().requestId(), pending.request().attempt(),
                result, job.rowsRead(), error == null ? "" : ": " + error);
        return records.outcome(outcome, positions.answer(pending.request().meterId(), pending.position(),
                pending.offset()));
    }

    @Override
    public void close() {
        consumer.close();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
