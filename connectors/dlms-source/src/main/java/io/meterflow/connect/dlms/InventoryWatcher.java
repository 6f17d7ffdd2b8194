package io.meterflow.connect.dlms;

import io.meterflow.connect.dlms.meter.MeterDefinition;
import io.meterflow.connect.dlms.meter.MeterSource;
import io.meterflow.connect.support.thread.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Re-reads the inventory periodically and reports a changed meter list (a meter added, removed, or any of its
 * columns changed). A database outage keeps the last list and is retried.
 */
final class InventoryWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(InventoryWatcher.class);

    private final ScheduledExecutorService executor = DaemonThreads.singleScheduled("dlms-inventory-watcher");
    private final MeterSource source;
    private final Consumer<List<MeterDefinition>> onChange;
    private volatile List<String> fingerprints;

    InventoryWatcher(MeterSource source, List<MeterDefinition> initial, Duration every,
                     Consumer<List<MeterDefinition>> onChange) {
        this.source = source;
        this.onChange = onChange;
        this.fingerprints = fingerprints(initial);
        executor.scheduleWithFixedDelay(this::check, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void check() {
        try {
            final List<MeterDefinition> meters = source.load();
            final List<String> now = fingerprints(meters);
            if (!now.equals(fingerprints)) {
                LOG.info("Meter inventory changed: {} meters (was {}); reconfiguring tasks", now.size(),
                        fingerprints.size());
                fingerprints = now;
                onChange.accept(meters);
            }
        } catch (RuntimeException e) {
            LOG.warn("Cannot re-read the meter inventory, keeping the last list: {}", e.getMessage());
        }
    }

    private static List<String> fingerprints(List<MeterDefinition> meters) {
        return meters.stream().map(MeterDefinition::fingerprint).sorted().toList();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
