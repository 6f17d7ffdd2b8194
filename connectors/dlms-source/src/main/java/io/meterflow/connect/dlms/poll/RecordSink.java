package io.meterflow.connect.dlms.poll;

import org.apache.kafka.connect.source.SourceRecord;

/** Where pollers hand their records to the task; waits while the bounded queue is full. */
@FunctionalInterface
public interface RecordSink {

    void put(SourceRecord record) throws InterruptedException;
}
