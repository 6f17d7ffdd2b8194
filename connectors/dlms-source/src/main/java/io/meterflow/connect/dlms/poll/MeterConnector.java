package io.meterflow.connect.dlms.poll;

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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Opens DLMS associations (TCP, IEC 62056-47 wrapper, logical name referencing). jDLMS has no connect timeout,
 * so the connect runs on a helper thread and is abandoned after connect + response timeout; a connection that
 * still completes later is closed at once.
 */
final class MeterConnector implements AutoCloseable {

    private final ExecutorService connectThreads;
    private final ConnectionRateLimiter rateLimiter;
    private final Duration connectTimeout;
    private final Duration responseTimeout;

    MeterConnector(ExecutorService connectThreads, ConnectionRateLimiter rateLimiter, Duration connectTimeout,
                   Duration responseTimeout) {
        this.connectThreads = connectThreads;
        this.rateLimiter = rateLimiter;
        this.connectTimeout = connectTimeout;
        this.responseTimeout = responseTimeout;
    }

    /** The DLMS public client: no authentication, no ciphering (what an HLS meter lets anyone read). */
    static final int PUBLIC_CLIENT_ID = 16;

    DlmsConnection open(MeterDefinition meter) throws IOException, TimeoutException, InterruptedException {
        return open(meter, () -> builder(meter));
    }

    /** An HLS association whose first APDU carries {@code frameCounter}; {@code trace} sees every message. */
    DlmsConnection open(MeterDefinition meter, long frameCounter, RawMessageListener trace)
            throws IOException, TimeoutException, InterruptedException {
        return open(meter, () -> builder(meter).setFrameCounter(frameCounter).setRawMessageListener(trace));
    }

    /** An association of the public client with the meter's logical device. */
    DlmsConnection openPublic(MeterDefinition meter) throws IOException, TimeoutException, InterruptedException {
        return open(meter, () -> plainBuilder(meter).setClientId(PUBLIC_CLIENT_ID));
    }

    private interface BuilderSupplier {
        TcpConnectionBuilder get() throws IOException;
    }

    private DlmsConnection open(MeterDefinition meter, BuilderSupplier builder)
            throws IOException, TimeoutException, InterruptedException {
        rateLimiter.acquire();
        final CompletableFuture<DlmsConnection> future = CompletableFuture.supplyAsync(() -> {
            try {
                return builder.get().build();
            } catch (IOException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, connectThreads);
        try {
            return future.get(connectTimeout.plus(responseTimeout).toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.thenAccept(MeterConnector::closeQuietly);
            throw new TimeoutException("no association with " + meter.host() + ":" + meter.port() + " within "
                    + connectTimeout.plus(responseTimeout).toMillis() + " ms");
        } catch (ExecutionException e) {
            final Throwable cause = e.getCause() instanceof java.util.concurrent.CompletionException c
                    ? c.getCause() : e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException(cause);
        }
    }

    private TcpConnectionBuilder plainBuilder(MeterDefinition meter) throws IOException {
        return new TcpConnectionBuilder(InetAddress.getByName(meter.host()))
                .setPort(meter.port())
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
            // the association is gone either way
        }
    }

    @Override
    public void close() {
        connectThreads.shutdownNow();
    }
}
