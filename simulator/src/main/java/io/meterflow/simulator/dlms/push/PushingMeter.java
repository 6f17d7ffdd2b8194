package io.meterflow.simulator.dlms.push;

import io.meterflow.simulator.dlms.cosem.DateTimes;
import io.meterflow.simulator.physics.MeterPhysics;
import org.openmuc.jdlms.datatypes.DataObject;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongPredicate;
import java.util.function.LongSupplier;

/**
 * A meter that pushes (IDIS push setup, "push to head-end on schedule"): every interval it builds a DataNotification
 * (logical device name, clock, import and export energy, the profile rows since its last push, alarm register 1),
 * plain or ciphered, connects to the listener and sends it. A push counts as delivered only when the listener
 * acknowledges it (an empty wrapper frame back); a connection that closes or resets first, or no acknowledgement
 * within the timeout, is a failed push, retried (in order, same content) with a capped backoff, as IDIS push retries
 * do.
 */
public final class PushingMeter {

    private static final long RETRY_MIN_MS = 200;
    private static final long RETRY_MAX_MS = 5_000;

    private final String meterId;
    private final MeterPhysics physics;
    private final LongSupplier clock;
    private final PushOptions options;
    private final long intervalMs;
    private final LongPredicate silentAt;
    private final InetSocketAddress target;
    private final byte[] encryptionKey;
    private final byte[] authenticationKey;
    private final byte[] systemTitle;
    private final Deque<Push> pending = new ArrayDeque<>();
    private final List<Push> acknowledged = new CopyOnWriteArrayList<>();
    private final AtomicInteger failures = new AtomicInteger();
    private long invocationCounter;
    private long nextPushAt;
    private long nextAttemptAt;
    private long retryDelay = RETRY_MIN_MS;
    private long lastCapture = Long.MIN_VALUE;
    private int created;

    /**
     * @param silentAt      whether the meter is silent (pushes nothing, a scenario silence) at a true time
     * @param encryptionKey null for a meter that pushes plain
     */
    public PushingMeter(String meterId, MeterPhysics physics, LongSupplier clock, PushOptions options,
                        long intervalMs, LongPredicate silentAt, InetSocketAddress target, byte[] encryptionKey,
                        byte[] authenticationKey, long firstPushAt) {
        this.intervalMs = intervalMs;
        this.silentAt = silentAt;
        this.meterId = meterId;
        this.physics = physics;
        this.clock = clock;
        this.options = options;
        this.target = target;
        this.encryptionKey = encryptionKey;
        this.authenticationKey = authenticationKey;
        this.systemTitle = PushIdentity.systemTitle(meterId);
        this.nextPushAt = firstPushAt;
    }

    public String meterId() {
        return meterId;
    }

    public boolean ciphered() {
        return encryptionKey != null;
    }

    /** Pushes the listener acknowledged, in order. */
    public List<Push> acknowledged() {
        return List.copyOf(acknowledged);
    }

    public int failures() {
        return failures.get();
    }

    /** Whether every push the meter will create was acknowledged. */
    public synchronized boolean done() {
        return options.maxPushes() > 0 && created >= options.maxPushes() && pending.isEmpty();
    }

    /** Called often by the fleet: creates a push when one is due and sends what is pending when a retry is due. */
    public synchronized void step() {
        final long now = clock.getAsLong();
        if (now >= nextPushAt && (options.maxPushes() == 0 || created < options.maxPushes())) {
            if (!silentAt.test(now)) {
                pending.addLast(build(now));
                created++;
            }
            nextPushAt += intervalMs;
        }
        if (silentAt.test(now)) {
            return;
        }
        if (pending.isEmpty() || now < nextAttemptAt) {
            return;
        }
        while (!pending.isEmpty()) {
            final Push push = pending.peekFirst();
            if (!send(push)) {
                failures.incrementAndGet();
                nextAttemptAt = clock.getAsLong() + retryDelay;
                retryDelay = Math.min(RETRY_MAX_MS, retryDelay * 2);
                return;
            }
            acknowledged.add(pending.removeFirst());
            retryDelay = RETRY_MIN_MS;
        }
    }

    private Push build(long now) {
        // COSEM date-times carry hundredths of a second: capture times are whole 10 ms so they survive the trip.
        final long capture = Math.floorDiv(physics.meterTime(now), 10) * 10;
        final long period = options.profilePeriod().toMillis();
        final List<Push.Row> rows = new ArrayList<>();
        final long newestRow = Math.floorDiv(capture, period) * period;
        final long firstRow = lastCapture == Long.MIN_VALUE ? newestRow
                : Math.floorDiv(lastCapture, period) * period + period;
        for (long t = firstRow; t <= newestRow; t += period) {
            rows.add(new Push.Row(t, Math.round(physics.importWh(physics.trueTime(t)))));
        }
        lastCapture = capture;
        final long alarm = options.alarmEvery() > 0 && (created + 1) % options.alarmEvery() == 0 ? 0x4 : 0;
        return new Push(meterId, capture, Math.round(physics.importWh(now)), Math.round(physics.exportWh(now)),
                rows, alarm);
    }

    private boolean send(Push push) {
        final byte[] plain = PushApdus.dataNotification(push.capturedAt() / 10, body(push));
        final byte[] apdu = encryptionKey == null ? plain
                : PushApdus.generalGloCiphering(systemTitle, ++invocationCounter, plain, encryptionKey,
                authenticationKey);
        try (Socket socket = new Socket()) {
            socket.connect(target, 5_000);
            socket.setSoTimeout((int) options.ackTimeout().toMillis());
            final OutputStream out = socket.getOutputStream();
            out.write(PushApdus.wrapperFrame(apdu));
            out.flush();
            final byte[] ack = new byte[8];
            new DataInputStream(socket.getInputStream()).readFully(ack);
            final ByteBuffer b = ByteBuffer.wrap(ack);
            return b.getShort() == 1 && b.getShort() == PushApdus.PUSH_CLIENT_WPORT
                    && b.getShort() == PushApdus.METER_WPORT && b.getShort() == 0;
        } catch (IOException e) {
            return false; // refused, reset, closed before the acknowledgement, or timed out: push again later
        }
    }

    private static DataObject body(Push push) {
        final List<DataObject> rows = push.rows().stream().map(r -> DataObject.newStructureData(
                DateTimes.encode(r.capturedAt()), DataObject.newUInteger8Data((short) 0),
                DataObject.newUInteger32Data(r.importWh()))).toList();
        return DataObject.newStructureData(
                DataObject.newOctetStringData(push.meterId().getBytes(StandardCharsets.US_ASCII)),
                DateTimes.encode(push.capturedAt()),
                DataObject.newUInteger32Data(push.importWh()),
                DataObject.newUInteger32Data(push.exportWh()),
                DataObject.newArrayData(rows),
                DataObject.newUInteger32Data(push.alarmBits()));
    }
}
