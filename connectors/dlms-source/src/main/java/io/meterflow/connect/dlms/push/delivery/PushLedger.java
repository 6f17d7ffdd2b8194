package io.meterflow.connect.dlms.push.delivery;

import org.apache.kafka.connect.source.SourceRecord;

import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongConsumer;

/**
 * Which pushes of which meter are stored or on their way, so a re-pushed notification is recognised by
 * (meterId, capture time) and stored once. The newest stored capture time of a meter comes from the committed source
 * offset when the task first hears from the meter, then from the records Connect commits; with exactly-once source
 * support the offset is committed in the same transaction as the records, so a push stored before a crash is never
 * stored again. A push not newer than the newest stored one is a duplicate (or a stale retry) and is dropped.
 */
public final class PushLedger {

    private final Function<String, Optional<Long>> committedOffset;
    private final LongConsumer commitLatencyMs;
    private final Map<String, MeterState> meters = new HashMap<>();
    private final Map<SourceRecord, Delivery> pending = Collections.synchronizedMap(new IdentityHashMap<>());

    private static final class MeterState {
        long newestStored;
        final Map<Long, Delivery> inFlight = new HashMap<>();

        MeterState(long newestStored) {
            this.newestStored = newestStored;
        }
    }

    /** What {@link #claim} decided. */
    public sealed interface Claim {
        /** The push is new: hand its records over, then {@link #release} it if that fails. */
        record Fresh(Delivery delivery) implements Claim {
        }

        /** The push is stored or on its way already: wait for this delivery, add nothing. */
        record Duplicate(Delivery delivery) implements Claim {
        }
    }

    /**
     * @param committedOffset  the meter's committed capture-time offset, empty when none
     * @param commitLatencyMs  told how long each push took from claim to stored
     */
    public PushLedger(Function<String, Optional<Long>> committedOffset, LongConsumer commitLatencyMs) {
        this.committedOffset = committedOffset;
        this.commitLatencyMs = commitLatencyMs;
    }

    public Claim claim(String meterId, long capturedAt, List<SourceRecord> records) {
        final MeterState state = state(meterId);
        synchronized (state) {
            final Delivery inFlight = state.inFlight.get(capturedAt);
            if (inFlight != null) {
                return new Claim.Duplicate(inFlight);
            }
            if (capturedAt <= state.newestStored) {
                return new Claim.Duplicate(Delivery.alreadyStored(meterId, capturedAt));
            }
            final Delivery delivery = new Delivery(meterId, capturedAt, records.size());
            state.inFlight.put(capturedAt, delivery);
            records.forEach(r -> pending.put(r, delivery));
            return new Claim.Fresh(delivery);
        }
    }

    /** The records of a fresh claim never reached Connect: forget it, so the meter's retry is fresh again. */
    public void release(Delivery delivery, List<SourceRecord> records) {
        records.forEach(pending::remove);
        final MeterState state = state(delivery.meterId());
        synchronized (state) {
            state.inFlight.remove(delivery.capturedAt(), delivery);
        }
    }

    /** Connect stored {@code record} (or a transformation dropped it). */
    public void committed(SourceRecord record) {
        final Delivery delivery = pending.remove(record);
        if (delivery == null || !delivery.recordCommitted()) {
            return;
        }
        final MeterState state = state(delivery.meterId());
        synchronized (state) {
            state.inFlight.remove(delivery.capturedAt(), delivery);
            state.newestStored = Math.max(state.newestStored, delivery.capturedAt());
        }
        commitLatencyMs.accept(delivery.ageNanos() / 1_000_000);
    }

    private MeterState state(String meterId) {
        synchronized (meters) {
            final MeterState known = meters.get(meterId);
            if (known != null) {
                return known;
            }
        }
        // Read outside the lock: the offset store may take a moment.
        final long stored = committedOffset.apply(meterId).orElse(Long.MIN_VALUE);
        synchronized (meters) {
            return meters.computeIfAbsent(meterId, id -> new MeterState(stored));
        }
    }
}
