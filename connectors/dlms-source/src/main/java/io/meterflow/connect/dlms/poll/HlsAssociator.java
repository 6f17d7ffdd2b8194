package io.meterflow.connect.dlms.poll;

import io.meterflow.connect.dlms.meter.AuthMechanism;
import io.meterflow.connect.dlms.meter.MeterDefinition;
import io.meterflow.connect.dlms.metrics.DlmsTaskMetrics;
import io.meterflow.connect.dlms.record.CosemValues;
import io.meterflow.connect.dlms.security.CounterTrace;
import io.meterflow.connect.dlms.security.InvocationCounterException;
import io.meterflow.connect.dlms.security.InvocationCounterState;
import io.meterflow.schema.ReadingStatus;
import org.openmuc.jdlms.AccessResultCode;
import org.openmuc.jdlms.AttributeAddress;
import org.openmuc.jdlms.DlmsConnection;
import org.openmuc.jdlms.GetResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.util.OptionalLong;
import java.util.concurrent.TimeoutException;

/**
 * Associates with an HLS5 meter without replaying invocation counters. Before the first association (and whenever
 * the counter is in doubt) the meter's counter object is read through the public client, in the clear, and the
 * association starts above it and above everything this task or its predecessors used ({@link InvocationCounterState}).
 * A rejection (the meter's exception-response "invocation counter error", its "deciphering error" to our AARQ, or the
 * failed decryption jDLMS reports for them) is resynced once within the cycle; a second one is AUTH_FAILED with an {@link InvocationCounterException}.
 * A connection the meter merely drops while associating could as well mean wrong keys: it is reported as the
 * authentication failure it looks like, and the next cycle reads the counter before associating.
 */
final class HlsAssociator {

    private static final Logger LOG = LoggerFactory.getLogger(HlsAssociator.class);
    private static final int DATA_CLASS = 1;

    private final MeterDefinition meter;
    private final MeterConnector connector;
    private final InvocationCounterState state;
    private final DlmsTaskMetrics metrics;

    HlsAssociator(MeterDefinition meter, MeterConnector connector, InvocationCounterState state,
                  DlmsTaskMetrics metrics) {
        this.meter = meter;
        this.connector = connector;
        this.state = state;
        this.metrics = metrics;
    }

    /** The highest counter the meter may have seen from this connector, to persist with the cycle's reading. */
    long highestUsed() {
        return state.highestUsed();
    }

    DlmsConnection open() throws IOException, TimeoutException, InterruptedException {
        final OptionalLong meterCounter = state.needsSync() ? readCounter() : OptionalLong.empty();
        final CounterTrace first = new CounterTrace(state.nextStart(meterCounter), state::used);
        try {
            return associate(first);
        } catch (IOException e) {
            if (!isRejection(e, first)) {
                if (e instanceof EOFException || e instanceof SocketException) {
                    state.inDoubt();
                }
                throw e;
            }
            metrics.invocationCounterRejected();
            if (!state.rejected(first.meterExpects(), readable())) {
                throw exhausted(first, e, "and cannot be resynced: no counter object to read, and the counter "
                        + "jumped ahead already since the last association");
            }
            LOG.info("Meter {}: invocation counter {} rejected ({}); resyncing the counter and associating again",
                    meter.meterId(), first.start(), FailureClassifier.describe(e));
            metrics.invocationCounterResynced();
            final CounterTrace second = new CounterTrace(state.nextStart(readCounter()), state::used);
            try {
                return associate(second);
            } catch (IOException again) {
                if (!isRejection(again, second)) {
                    throw again;
                }
                metrics.invocationCounterRejected();
                state.rejected(second.meterExpects(), readable());
                throw exhausted(second, again, "also after a resync");
            }
        }
    }

    private DlmsConnection associate(CounterTrace trace) throws IOException, TimeoutException, InterruptedException {
        final DlmsConnection connection = connector.open(meter, trace.start(), trace);
        state.associated();
        return connection;
    }

    /**
     * The meter's counter object, read by the public client; empty when the meter has none (not configured, or the
     * meter answers the GET with an error, or does not admit the public client). A meter that cannot be reached at
     * all fails the cycle here.
     */
    private OptionalLong readCounter() throws IOException, TimeoutException, InterruptedException {
        if (!readable()) {
            return OptionalLong.empty();
        }
        final DlmsConnection connection;
        try {
            connection = connector.openPublic(meter);
        } catch (IOException e) {
            final ReadingStatus status = FailureClassifier.classify(e, FailureClassifier.Phase.CONNECT,
                    AuthMechanism.NONE);
            if (status == ReadingStatus.TIMEOUT || status == ReadingStatus.UNREACHABLE) {
                throw e; // the meter cannot be reached: the HLS association would fail the same way
            }
            // A meter that does not admit the public client has no readable counter for us.
            LOG.debug("Meter {}: public client not admitted ({}); invocation counter not read", meter.meterId(),
                    FailureClassifier.describe(e));
            return OptionalLong.empty();
        }
        try {
            final GetResult result = connection.get(new AttributeAddress(DATA_CLASS,
                    CosemValues.obis(meter.invocationCounterObis()), 2));
            if (result.getResultCode() != AccessResultCode.SUCCESS || !result.getResultData().isNumber()) {
                LOG.debug("Meter {}: invocation counter object {} not readable ({})", meter.meterId(),
                        meter.invocationCounterObis(), result.getResultCode());
                return OptionalLong.empty();
            }
            return OptionalLong.of(((Number) result.getResultData().getValue()).longValue());
        } finally {
            MeterConnector.closeQuietly(connection);
        }
    }

    private boolean readable() {
        return meter.invocationCounterObis() != null && !meter.invocationCounterObis().isEmpty();
    }

    /**
     * The meter said so (invocation counter error; or deciphering error, which to an AARQ may also mean wrong keys:
     * the resync tells them apart), or jDLMS could not decipher its answer to our association request.
     */
    private static boolean isRejection(IOException failure, CounterTrace trace) {
        if (trace.meterExpects().isPresent() || trace.meterCouldNotDecipher()) {
            return true;
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getClass().getSimpleName().equals("DecryptionException")) {
                return true;
            }
        }
        return false;
    }

    private InvocationCounterException exhausted(CounterTrace trace, IOException cause, String why) {
        final String expected = trace.meterExpects().isPresent()
                ? ", the meter expects at least " + trace.meterExpects().getAsLong()
                : trace.meterCouldNotDecipher() ? ", the meter answered deciphering-error (a counter below its own, or "
                        + "the meter has other authentication/encryption keys than the connector)" : "";
        return new InvocationCounterException("meter " + meter.meterId() + " rejected invocation counter "
                + trace.start() + " of client " + meter.clientId() + " " + why + expected
                + " (counter object " + (readable() ? meter.invocationCounterObis() : "none") + "); is another "
                + "client using client " + meter.clientId() + " on this meter?", cause);
    }
}
