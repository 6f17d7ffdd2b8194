package io.meterflow.connect.dlms.clock;

import io.meterflow.connect.dlms.record.CosemValues;
import io.meterflow.schema.ClockSync;
import io.meterflow.schema.ClockSyncMethod;
import io.meterflow.schema.ClockSyncResult;
import org.openmuc.jdlms.AccessResultCode;
import org.openmuc.jdlms.AttributeAddress;
import org.openmuc.jdlms.DlmsConnection;
import org.openmuc.jdlms.GetResult;
import org.openmuc.jdlms.MethodParameter;
import org.openmuc.jdlms.MethodResult;
import org.openmuc.jdlms.MethodResultCode;
import org.openmuc.jdlms.SetParameter;
import org.openmuc.jdlms.datatypes.DataObject;

import java.io.IOException;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Sets a meter's Clock (class 8, 0.0.1.0.0.255) over an open association and reads it back. First a SET of
 * attribute 2 (time) to the true time the meter will see when the request arrives; where the meter denies the
 * write, method 6 shift_time(seconds), which the Blue Book limits to ±900 s. Every outcome becomes a
 * {@link ClockSync} audit record; nothing is thrown but interruption.
 */
public final class ClockWriter {

    private static final int CLOCK_CLASS = 8;
    private static final String CLOCK_OBIS = "0.0.1.0.0.255";
    private static final int TIME_ATTRIBUTE = 2;
    private static final int SHIFT_TIME_METHOD = 6;
    private static final long MAX_SHIFT_SECONDS = 900;

    private final LongSupplier clock;
    private final Function<Throwable, String> describe;

    /** @param describe turns a failure into the audit's secret-free error text (the poller's classifier) */
    public ClockWriter(LongSupplier clock, Function<Throwable, String> describe) {
        this.clock = clock;
        this.describe = describe;
    }

    /** Attempts to set the clock of {@code meterId}, whose offset {@code before} measured in this cycle. */
    public ClockSync synchronise(DlmsConnection connection, String meterId, ClockReading before) {
        final long at = clock.getAsLong();
        ClockSyncMethod method = ClockSyncMethod.WRITE_TIME;
        try {
            // The meter applies the new time about half a round trip after we send it.
            final long target = clock.getAsLong() + before.latencyMs() / 2;
            final AccessResultCode written = connection.set(new SetParameter(
                    new AttributeAddress(CLOCK_CLASS, CosemValues.obis(CLOCK_OBIS), TIME_ATTRIBUTE),
                    CosemValues.dateTime(target)));
            if (written == AccessResultCode.SUCCESS) {
                return outcome(connection, meterId, at, before, method, ClockSyncResult.OK, null);
            }
            final long shiftSeconds = -Math.round(before.offsetMs() / 1_000.0);
            if (Math.abs(shiftSeconds) > MAX_SHIFT_SECONDS) {
                return outcome(connection, meterId, at, before, method, refusedOrFailed(written),
                        "SET time: " + written + "; shift_time cannot correct " + before.offsetMs()
                                + " ms (at most " + MAX_SHIFT_SECONDS + " s)");
            }
            method = ClockSyncMethod.SHIFT_TIME;
            final MethodResult shifted = connection.action(new MethodParameter(CLOCK_CLASS, CosemValues.obis(CLOCK_OBIS),
                    SHIFT_TIME_METHOD, DataObject.newInteger16Data((short) shiftSeconds)));
            if (shifted.getResultCode() == MethodResultCode.SUCCESS) {
                return outcome(connection, meterId, at, before, method, ClockSyncResult.OK, null);
            }
            return outcome(connection, meterId, at, before, method,
                    shifted.getResultCode() == MethodResultCode.READ_WRITE_DENIED
                            && written == AccessResultCode.READ_WRITE_DENIED
                            ? ClockSyncResult.REFUSED : ClockSyncResult.FAILED,
                    "SET time: " + written + "; shift_time: " + shifted.getResultCode());
        } catch (IOException | RuntimeException e) {
            return new ClockSync(meterId, at, before.offsetMs(), method, ClockSyncResult.FAILED,
                    describe.apply(e), null);
        }
    }

    private static ClockSyncResult refusedOrFailed(AccessResultCode code) {
        return code == AccessResultCode.READ_WRITE_DENIED ? ClockSyncResult.REFUSED : ClockSyncResult.FAILED;
    }

    /** The record of an attempt that got an answer, with the drift read back right after. */
    private ClockSync outcome(DlmsConnection connection, String meterId, long at, ClockReading before,
                              ClockSyncMethod method, ClockSyncResult result, String error) {
        Long after = null;
        try {
            after = readClock(connection).offsetMs();
        } catch (IOException | RuntimeException e) {
            // The attempt's result stands; only the read-back is missing.
        }
        return new ClockSync(meterId, at, before.offsetMs(), method, result, error, after);
    }

    /** Reads the meter's clock once. */
    public ClockReading readClock(DlmsConnection connection) throws IOException {
        final long sent = System.nanoTime();
        final GetResult result = connection.get(new AttributeAddress(CLOCK_CLASS, CosemValues.obis(CLOCK_OBIS),
                TIME_ATTRIBUTE));
        final long latencyMs = (System.nanoTime() - sent) / 1_000_000;
        if (result.getResultCode() != AccessResultCode.SUCCESS) {
            throw new IOException(CLOCK_OBIS + " time: " + result.getResultCode());
        }
        return new ClockReading(CosemValues.epochMillis(result.getResultData()), clock.getAsLong(), latencyMs);
    }
}
