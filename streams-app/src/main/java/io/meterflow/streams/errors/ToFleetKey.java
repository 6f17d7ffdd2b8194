package io.meterflow.streams.errors;

import io.meterflow.schema.ErrorStats;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Re-keys a closed per-meter window to the fleet key and stamps it with the window START, so the fleet
 * aggregation puts it into the same window (its end would fall into the next one).
 */
public final class ToFleetKey implements Processor<String, ErrorStats, String, ErrorStats> {

    private ProcessorContext<String, ErrorStats> context;

    @Override
    public void init(ProcessorContext<String, ErrorStats> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, ErrorStats> record) {
        context.forward(new Record<>(ErrorStats.FLEET, record.value(), record.value().windowStart()));
    }
}
