package io.meterflow.streams.errors;

import io.meterflow.schema.ErrorStats;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/** Turns a closed fleet window into its {@link ErrorStats} (key {@code *}), timestamped with the window end. */
public final class FleetWindowResult implements Processor<Windowed<String>, FleetCounts, String, ErrorStats> {

    private ProcessorContext<String, ErrorStats> context;

    @Override
    public void init(ProcessorContext<String, ErrorStats> context) {
        this.context = context;
    }

    @Override
    public void process(Record<Windowed<String>, FleetCounts> record) {
        if (record.value() == null) {
            return;
        }
        final long start = record.key().window().start();
        final long end = record.key().window().end();
        context.forward(new Record<>(ErrorStats.FLEET, record.value().toStats(start, end), end));
    }
}
