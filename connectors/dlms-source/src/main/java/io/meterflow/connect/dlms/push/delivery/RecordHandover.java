package io.meterflow.connect.dlms.push.delivery;

import org.apache.kafka.connect.source.SourceRecord;

import java.time.Duration;
import java.util.List;

/**
 * The bounded handover between the listener's connection threads and {@code SourceTask.poll()}. Kept this narrow
 * so the shared connect-support queue can replace {@link BoundedRecordHandover} without touching the listener.
 */
public interface RecordHandover {

    /** Adds the records, waiting at most {@code timeout} for room; false when there was none. */
    boolean offer(List<SourceRecord> records, Duration timeout) throws InterruptedException;

    /** Up to {@code max} records, waiting at most {@code timeout} for the first; empty when none came. */
    List<SourceRecord> poll(Duration timeout, int max) throws InterruptedException;
}
