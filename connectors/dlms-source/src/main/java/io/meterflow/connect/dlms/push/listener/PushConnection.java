package io.meterflow.connect.dlms.push.listener;

import io.meterflow.connect.dlms.push.apdu.PushRejectedException;
import io.meterflow.connect.dlms.push.apdu.RejectReason;
import io.meterflow.connect.dlms.push.delivery.Delivery;
import io.meterflow.connect.dlms.push.delivery.PushLedger;
import io.meterflow.connect.dlms.push.metrics.PushMetrics;
import io.meterflow.connect.dlms.push.wire.FrameException;
import io.meterflow.connect.dlms.push.wire.WrapperFrame;
import io.meterflow.connect.support.handover.HandoverQueue;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Serves one meter connection: reads wrapper frames, turns each push into records, hands them to Connect, waits
 * until Kafka stored them and only then acknowledges the push (an empty frame back). The connection ends when the
 * meter closes it or stays idle after a push: closed gracefully. Anything not accepted goes to the dead-letter
 * topic and the connection is reset; a push Kafka did not store in time is not acknowledged and the connection is
 * reset, so the meter pushes it again.
 */
final class PushConnection implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(PushConnection.class);
    /** Holds a typical push (an IDIS push with a profile row is ~100 bytes, ciphered); longer ones take more reads. */
    private static final int READ_BUFFER_BYTES = 2_048;

    private final Socket socket;
    private final String peer;
    private final ListenerSettings settings;
    private final PushInterpreter interpreter;
    private final PushLedger ledger;
    private final HandoverQueue<List<SourceRecord>> handover;
    private final DeadLetters deadLetters;
    private final PushMetrics metrics;

    PushConnection(Socket socket, ListenerSettings settings, PushInterpreter interpreter, PushLedger ledger,
                   HandoverQueue<List<SourceRecord>> handover, DeadLetters deadLetters, PushMetrics metrics) {
        this.socket = socket;
        final String address = socket.getRemoteSocketAddress().toString();
        this.peer = address.startsWith("/") ? address.substring(1) : address; // without the empty host name
        this.settings = settings;
        this.interpreter = interpreter;
        this.ledger = ledger;
        this.handover = handover;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
    }

    @Override
    public void run() {
        boolean graceful = false;
        try {
            graceful = serve();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.debug("Push connection from {} ended: {}", peer, e.toString());
        } catch (RuntimeException e) {
            LOG.warn("Push connection from {} failed unexpectedly; reset, the meter will retry", peer, e);
        } finally {
            close(graceful);
        }
    }

    /** @return true when the connection may be closed gracefully */
    private boolean serve() throws IOException, InterruptedException {
        // One read call usually takes a whole push, header and APDU, where reading the socket directly took three (the
        // first byte, the rest of the header, the APDU), each a system call with its own wait for readiness.
        final InputStream in = new BufferedInputStream(socket.getInputStream(), READ_BUFFER_BYTES);
        final OutputStream out = socket.getOutputStream();
        int pushes = 0;
        while (true) {
            final WrapperFrame frame;
            try {
                frame = WrapperFrame.read(in, ms -> socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, ms))), settings.maxApduBytes(),
                        settings.idleTimeout().toMillis(), settings.frameTimeout().toMillis());
            } catch (FrameException e) {
                if (e.kind() == FrameException.Kind.IDLE && pushes > 0) {
                    return true; // done pushing, just not closing
                }
                reject(reasonOf(e.kind()), e.getMessage(), null, null, e.received());
                return false;
            }
            if (frame == null) {
                return true;
            }
            final long receivedAt = System.currentTimeMillis();
            final PushInterpreter.Interpreted push;
            try {
                push = interpreter.interpret(frame.apdu(), receivedAt);
            } catch (PushRejectedException e) {
                reject(e.reason(), e.getMessage(), null, e.systemTitle(), frame.encode());
                return false;
            }
            if (!deliver(push)) {
                return false;
            }
            out.write(frame.acknowledgement().encode());
            out.flush();
            pushes++;
        }
    }

    /** @return true once Kafka stored the push (or had it already) */
    private boolean deliver(PushInterpreter.Interpreted push) throws InterruptedException {
        final long deadline = System.nanoTime() + settings.commitTimeout().toNanos();
        final PushLedger.Claim claim = ledger.claim(push.meterId(), push.capturedAt(), push.records());
        final Delivery delivery;
        if (claim instanceof PushLedger.Claim.Fresh fresh) {
            delivery = fresh.delivery();
            if (!handover.offer(push.records(), settings.commitTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                ledger.release(delivery, push.records());
                LOG.warn("Push of meter {} from {} not taken within {}: Connect is behind; the meter will retry",
                        push.meterId(), peer, settings.commitTimeout());
                metrics.unacknowledged();
                return false;
            }
        } else {
            delivery = ((PushLedger.Claim.Duplicate) claim).delivery();
            metrics.duplicate();
        }
        try {
            delivery.stored().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            LOG.warn("Push of meter {} (capture time {}) from {} not stored in Kafka within {}; reset without "
                    + "acknowledgement, the meter will retry", push.meterId(), push.capturedAt(), peer,
                    settings.commitTimeout());
            metrics.unacknowledged();
            return false;
        }
        if (claim instanceof PushLedger.Claim.Fresh) {
            metrics.pushStored();
        }
        return true;
    }

    private void reject(RejectReason reason, String message, String meterId, String systemTitle, byte[] bytes) {
        LOG.info("Push from {} rejected ({}): {}", peer, reason, message);
        metrics.rejected(reason);
        deadLetters.reject(reason, message, peer, meterId, systemTitle, bytes, System.currentTimeMillis());
    }

    private static RejectReason reasonOf(FrameException.Kind kind) {
        return switch (kind) {
            case IDLE -> RejectReason.IDLE_TIMEOUT;
            case SLOW -> RejectReason.SLOW_FRAME;
            case MALFORMED -> RejectReason.MALFORMED_FRAME;
        };
    }

    /** Graceful: FIN after everything written. Otherwise RST (linger 0), which a meter sees as a failed push. */
    private void close(boolean graceful) {
        try {
            if (!graceful) {
                socket.setSoLinger(true, 0);
            }
            socket.close();
        } catch (IOException e) {
            LOG.debug("Closing the connection from {}: {}", peer, e.toString());
        }
    }

    void abort() {
        close(false);
    }
}
