package io.meterflow.local;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * Keeps the console readable: Kafka's own warnings during a normal start and stop (quorum activation, client
 * close races) go to the log file only; errors and MeterFlow's warnings still reach the console.
 */
public final class ConsoleNoiseFilter extends Filter<ILoggingEvent> {

    @Override
    public FilterReply decide(ILoggingEvent event) {
        final boolean kafka = event.getLoggerName().startsWith("org.apache.kafka") || event.getLoggerName().startsWith("kafka");
        final Level threshold = kafka ? Level.ERROR : Level.WARN;
        return event.getLevel().isGreaterOrEqual(threshold) ? FilterReply.NEUTRAL : FilterReply.DENY;
    }
}
