package io.meterflow.simulator.dlms.transport;

import io.meterflow.simulator.dlms.fault.Answers;
import io.meterflow.simulator.dlms.fault.FaultInjector;
import org.openmuc.jdlms.transportlayer.StreamAccessor;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The streams of one accepted connection, as jDLMS's wrapper session layer sees them. Every frame the server
 * writes passes through here: it is delayed by the meter's latency, and a GET answer may be dropped (the client
 * times out) or replaced by garbage, as the {@link FaultInjector} decides. A connection opened during a silence
 * period answers nothing at all.
 */
final class FaultyStreamAccessor implements StreamAccessor {

    /** Byte 8 of a wrapper frame is the APDU tag. */
    private static final int WRAPPER_HEADER = 8;
    /** Garbage is never sent faster than this, so the client is already waiting for an answer when it arrives. */
    private static final long GARBAGE_MIN_DELAY_MS = 20;
    private static final byte[] GARBAGE = "HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;

    /**
     * @param replayGuard the meter's replay protection, or null for a meter that ciphers nothing (the client's
     *                    frames then reach jDLMS unread)
     */
    FaultyStreamAccessor(Socket socket, FaultInjector faults, Duration latency, boolean silent, LongSupplier clock,
                         ReplayCheckingInput replayGuard) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(replayGuard != null ? replayGuard : socket.getInputStream());
        this.out = new DataOutputStream(new FrameFilter(socket.getOutputStream(), faults, latency.toMillis(),
                silent, clock));
    }

    @Override
    public void setTimeout(int timeout) throws IOException {
        socket.setSoTimeout(timeout);
    }

    @Override
    public DataInputStream getInputStream() {
        return in;
    }

    @Override
    public DataOutputStream getOutpuStream() {
        return out;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private static final class FrameFilter extends FilterOutputStream {
        private final FaultInjector faults;
        private final long latencyMs;
        private final boolean silent;
        private final LongSupplier clock;

        FrameFilter(OutputStream out, FaultInjector faults, long latencyMs, boolean silent, LongSupplier clock) {
            super(out);
            this.faults = faults;
            this.latencyMs = latencyMs;
            this.silent = silent;
            this.clock = clock;
        }

        @Override
        public void write(byte[] frame, int off, int len) throws IOException {
            if (silent) {
                return;
            }
            if (len > WRAPPER_HEADER && Answers.isGetAnswer(frame[off + WRAPPER_HEADER] & 0xff)) {
                switch (faults.onAnswer(clock.getAsLong())) {
                    case DROP -> {
                        return;
                    }
                    case GARBAGE -> {
                        Answers.delay(Math.max(latencyMs, GARBAGE_MIN_DELAY_MS));
                        out.write(GARBAGE);
                        return;
                    }
                    case SEND -> { }
                }
            }
            Answers.delay(latencyMs);
            out.write(frame, off, len);
        }
    }
}
