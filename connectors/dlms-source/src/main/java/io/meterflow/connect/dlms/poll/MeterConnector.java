package io.meterflow.connect.dlms.poll;

import io.meterflow.connect.dlms.hdlc.HdlcConnectionBuilder;
import io.meterflow.connect.dlms.hdlc.HdlcTrace;
import io.meterflow.connect.dlms.meter.MeterDefinition;
import org.openmuc.jdlms.AuthenticationMechanism;
import org.openmuc.jdlms.DlmsConnection;
import org.openmuc.jdlms.RawMessageListener;
import org.openmuc.jdlms.SecuritySuite;
import org.openmuc.jdlms.TcpConnectionBuilder;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Opens DLMS associations (TCP with the IEC 62056-47 wrapper, or HDLC of IEC 62056-46 over TCP, e.g. through a
 * serial gateway; logical name referencing). jDLMS has no connect timeout, so the connect runs on a helper thread and
 * is abandoned after connect + response timeout; a connection that still completes later is closed at once, and a
 * meter's gateway stays reserved until then ({@link GatewayHolds}).
 */
final class MeterConnector implements AutoCloseable {

    private final ExecutorService connectThreads;
    private final ConnectionRateLimiter rateLimiter;
    private final Duration connectTimeout;
    private final Duration responseTimeout;
    private final GatewayHolds holds;

    MeterConnector(ExecutorService connectThreads, ConnectionRateLimiter rateLimiter, Duration connectTimeout,
                   Duration responseTimeout, GatewayHolds holds) {
        this.connectThreads = connectThreads;
        this.rateLimiter = rateLimiter;
        this.connectTimeout = connectTimeout;
        this.responseTimeout = responseTimeout;
        this.holds = holds;
    }

    /** The DLMS public client: no authentication, no ciphering (what an HLS meter lets anyone read). */
    static final int PUBLIC_CLIENT_ID = 16;

    DlmsConnection open(MeterDefinition meter) throws IOException, TimeoutException, InterruptedException {
        return open(meter, () -> builder(meter), null);
    }

    /** An HLS association whose first APDU carries {@code frameCounter}; {@code trace} sees every message. */
    DlmsConnection open(MeterDefinition meter, long frameCounter, RawMessageListener trace)
            throws IOException, TimeoutException, InterruptedException {
        return open(meter, () -> builder(meter).setFrameCounter(frameCounter), trace);
    }

    /** An association of the public client with the meter's logical device. */
    DlmsConnection openPublic(MeterDefinition meter) throws IOException, TimeoutException, InterruptedException {
        return open(meter, () -> plainBuilder(meter).setClientId(PUBLIC_CLIENT_ID), null);
    }

    private interface BuilderSupplier {
        TcpConnectionBuilder get() throws IOException;
    }

    private DlmsConnection open(MeterDefinition meter, BuilderSupplier builder, RawMessageListener listener)
            throws IOException, TimeoutException, InterruptedException {
        rateLimiter.acquire();
        final HdlcTrace hdlc = meter.transport().isHdlc() ? new HdlcTrace() : null;
        final RawMessageListener watching = both(listener, hdlc);
        final CompletableFuture<DlmsConnection> future = CompletableFuture.supplyAsync(() -> {
            TcpConnectionBuilder b = null;
            try {
                b = builder.get();
                if (watching != null) {
                    b.setRawMessageListener(watching);
                }
                return b.build();
            } catch (IOException e) {
                throw new CompletionException(e);
            } catch (RuntimeException e) {
                if (b instanceof HdlcConnectionBuilder h) {
                    h.release(); // jDLMS may leave the socket open after a runtime exception in SNRM/UA
                }
                throw new CompletionException(hdlc != null && hdlc.noLink()
                        ? new MeterProtocolException("meter " + meter.meterId() + ": no HDLC link: the answer to "
                        + "SNRM was no UA with parameters (a DM refusing the link, or a UA without parameters, which "
                        + "jDLMS 1.8.0 cannot read): " + FailureClassifier.describe(e), e)
                        : new IOException(e));
            }
        }, connectThreads);
        try {
            return future.get(connectTimeout.plus(responseTimeout).toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // A late connection is closed at once; until then, a gateway lets no other association through.
            holds.holdUntil(meter, future.handle((connection, failure) -> {
                closeQuietly(connection);
                return null;
            }));
            throw new TimeoutException("no association with " + meter.host() + ":" + meter.port() + " within "
                    + connectTimeout.plus(responseTimeout).toMillis() + " ms");
        } catch (ExecutionException e) {
            final Throwable cause = e.getCause() instanceof CompletionException c ? c.getCause() : e.getCause();
            if (hdlc != null) {
                final Optional<String> tooLong = hdlc.requestTooLong(meter.transport().maxInformationLength());
                if (tooLong.isPresent()) {
                    throw new MeterProtocolException("meter " + meter.meterId() + ": " + tooLong.get(), cause);
                }
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException(cause);
        }
    }

    private static RawMessageListener both(RawMessageListener first, RawMessageListener second) {
        if (first == null || second == null) {
            return first == null ? second : first;
        }
        return message -> {
            first.messageCaptured(message);
            second.messageCaptured(message);
        };
    }

    private TcpConnectionBuilder plainBuilder(MeterDefinition meter) throws IOException {
        final InetAddress address = InetAddress.getByName(meter.host());
        final TcpConnectionBuilder builder;
        if (meter.transport().isHdlc()) {
            final HdlcConnectionBuilder hdlc = new HdlcConnectionBuilder(address);
            hdlc.setPhysicalDeviceAddress(meter.transport().physicalAddress());
            hdlc.setHdlcMaxInformationLength(meter.transport().maxInformationLength());
            builder = hdlc;
        } else {
            builder = new TcpConnectionBuilder(address);
        }
        return builder.setPort(meter.port())
                .setClientId(meter.clientId())
                .setLogicalDeviceId(meter.logicalDeviceId())
                .setResponseTimeout((int) responseTimeout.toMillis());
    }
    private TcpConnectionBuilder builder(MeterDefinition meter) throws IOException {
        final TcpConnectionBuilder builder = plainBuilder(meter);
        switch (meter.auth()) {
            case LOW -> builder.setSecuritySuite(SecuritySuite.builder()
                    .setAuthenticationMechanism(AuthenticationMechanism.LOW)
                    .setPassword(meter.password().value().getBytes(StandardCharsets.US_ASCII))
                    .build());
            case HLS5_GMAC -> builder.setSecuritySuite(SecuritySuite.builder()
                    .setAuthenticationMechanism(AuthenticationMechanism.HLS5_GMAC)
                    .setEncryptionMechanism(SecuritySuite.EncryptionMechanism.AES_GCM_128)
                    .setAuthenticationKey(HexFormat.of().parseHex(meter.authenticationKey().value()))
                    .setGlobalUnicastEncryptionKey(HexFormat.of().parseHex(meter.encryptionKey().value()))
                    .build());
            case NONE -> { }
        }
        return builder;
    }

    static void closeQuietly(DlmsConnection connection) {
        if (connection == null) {
            return;
        }
        try {
            // close() rather than disconnect(): no release round trip, and none of its spurious EOFExceptions.
            connection.close();
        } catch (IOException | RuntimeException ignored) {
            // the association is gone either way (jDLMS's HDLC close may throw on a UA without parameters)
        }
    }

    /**
     * Closes a connection without waiting for the meter. jDLMS's HDLC close sends DISC and waits up to the response
     * timeout for the UA; after a failed cycle the meter is likely not to answer, and the gateway's other meters would
     * wait that long again. jDLMS waits for the UA on an interruptible queue, so closing with the thread's interrupt
     * flag set sends the DISC, skips the wait and closes the socket; the flag is restored afterwards.
     */
    static void abort(DlmsConnection connection) {
        if (connection == null) {
            return;
        }
        final boolean wasInterrupted = Thread.interrupted();
        Thread.currentThread().interrupt();
        try {
            closeQuietly(connection);
        } finally {
            Thread.interrupted();
            if (wasInterrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        connectThreads.shutdownNow();
    }
}
