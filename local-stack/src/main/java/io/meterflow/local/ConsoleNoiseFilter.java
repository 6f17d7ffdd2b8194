package io.meterflow.local;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * Keeps the console readable: libraries' warnings during a normal run (Kafka's quorum activation, client close
 * races, future timestamps from drifting meter clocks) go to the log file only; errors and MeterFlow's own
 * warnings still reach the console.
 */
public final class ConsoleNoiseFilter extends Filter<ILoggingEvent> {

    @Override
    public FilterReply decide(ILoggingEvent event) {
        final Level threshold = event.getLoggerName().startsWith("io.meterflow") ? Level.WARN : Level.ERROR;
        return event.getLevel().isGreaterOrEqual(threshold) ? FilterReply.NEUTRAL : FilterReply.DENY;
    }
}
