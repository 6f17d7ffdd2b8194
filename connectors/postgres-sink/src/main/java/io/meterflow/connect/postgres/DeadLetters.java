package io.meterflow.connect.postgres;

import io.meterflow.connect.postgres.decode.InvalidRecordException;
import io.meterflow.connect.postgres.write.SinkPositions;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Records that cannot be decoded go to Connect's dead-letter queue, once each even when their batch is retried, and
 * durably before the offsets that skip them are stored.
 */
final class DeadLetters {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

    private final SinkTaskContext context;
    // Records already sent while their batch is being retried, so a retry does not send them again.
    private final Set<String> sent = new HashSet<>();
    private final List<Future<Void>> pending = new ArrayList<>();

    DeadLetters(SinkTaskContext context) {
        this.context = context;
    }

    void report(SinkRecord record, InvalidRecordException e) {
        final ErrantRecordReporter reporter = context.errantRecordReporter();
        if (reporter == null) {
            throw new ConnectException(e.getMessage() + " (configure errors.tolerance=all and "
                    + "errors.deadletterqueue.topic.name to route such records to a dead-letter queue)", e);
        }
        final String coordinates = SinkPositions.partitionOf(record) + "@" + record.originalKafkaOffset();
        if (!sent.add(coordinates)) {
            return;
        }
        LOG.warn("Sending to the dead-letter queue: {}", e.getMessage());
        pending.add(reporter.report(record, e));
    }

    /** Waits until the reports of this batch are in the DLQ; returns how many there were. */
    int awaitReported() {
        final int reported = pending.size();
        try {
            for (Future<Void> report : pending) {
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
        } finally {
            pending.clear();
        }
        return reported;
    }

    /** The batch is stored: its records will not come again. */
    void batchStored() {
        sent.clear();
    }
}
