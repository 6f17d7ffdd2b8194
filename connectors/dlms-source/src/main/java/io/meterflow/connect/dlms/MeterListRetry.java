package io.meterflow.connect.dlms;

import io.meterflow.connect.dlms.meter.MeterDefinition;
import io.meterflow.connect.dlms.meter.MeterSource;
import io.meterflow.connect.support.retry.Backoff;
import io.meterflow.connect.support.thread.DaemonThreads;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Waits out an inventory database outage at task start: re-reads the meter list on its own thread, after 1 s,
 * 2 s, 4 s, … at most 30 s apart, and hands it over once readable. The connector read the same table moments
 * before the task started, so an outage now is transient.
 */
final class MeterListRetry implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MeterListRetry.class);
    private static final Duration FIRST_WAIT = Duration.ofSeconds(1);
    private static final Duration MAX_WAIT = Duration.ofSeconds(30);

    /** Only on the retry's own thread. */
    private final Backoff backoff = new Backoff(FIRST_WAIT, MAX_WAIT);
    private final ScheduledExecutorService executor = DaemonThreads.singleScheduled("dlms-task-inventory-retry");
    private final MeterSource source;
    private final Consumer<List<MeterDefinition>> onLoaded;
    private final Consumer<RuntimeException> onFailure;

    private MeterListRetry(MeterSource source, Consumer<List<MeterDefinition>> onLoaded,
                           Consumer<RuntimeException> onFailure) {
        this.source = source;
        this.onLoaded = onLoaded;
        this.onFailure = onFailure;
    }

    /**
     * Starts retrying after {@code firstFailure}. {@code onFailure} gets what is not another outage, and what
     * {@code onLoaded} throws.
     */
    static MeterListRetry after(ConnectException firstFailure, MeterSource source,
                                Consumer<List<MeterDefinition>> onLoaded, Consumer<RuntimeException> onFailure) {
        final MeterListRetry retry = new MeterListRetry(source, onLoaded, onFailure);
        retry.retryIn(firstFailure);
        return retry;
    }

    private void retryIn(ConnectException failure) {
        final Duration wait = backoff.nextDelay();
        LOG.warn("{}; retrying in {} ms, no meter is polled meanwhile", failure.getMessage(), wait.toMillis());
        executor.schedule(this::attempt, wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void attempt() {
        final List<MeterDefinition> meters;
        try {
            meters = source.load();
        } catch (ConnectException e) {
            retryIn(e);
            return;
        } catch (RuntimeException e) {
            onFailure.accept(e);
            return;
        }
        LOG.info("Meter inventory readable again: {} meters", meters.size());
        try {
            onLoaded.accept(meters);
        } catch (RuntimeException e) {
            onFailure.accept(e); // this thread is the retry's own: nobody else would see it
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
