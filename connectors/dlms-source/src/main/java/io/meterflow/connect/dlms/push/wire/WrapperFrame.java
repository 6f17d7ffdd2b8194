package io.meterflow.connect.dlms.push.wire;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;

/**
 * One IEC 62056-47 (DLMS/COSEM TCP wrapper) frame: version 0x0001, source wPort, destination wPort, length, APDU.
 * A pushing meter sends from its logical device's wPort (1 for the management device) to the client's (102 is
 * the IDIS push client; any is accepted).
 */
public record WrapperFrame(int sourcePort, int destinationPort, byte[] apdu) {

    public static final int HEADER_LENGTH = 8;
    private static final int VERSION = 1;

    /** The frame as bytes. */
    public byte[] encode() {
        return ByteBuffer.allocate(HEADER_LENGTH + apdu.length).putShort((short) VERSION).putShort((short) sourcePort)
                .putShort((short) destinationPort).putShort((short) apdu.length).put(apdu).array();
    }

    /**
     * The listener's push acknowledgement: an empty frame back to the meter (ports swapped), written only once
     * Kafka holds everything the push carried. Meters that do not look for it see a normal close after it.
     */
    public WrapperFrame acknowledgement() {
        return new WrapperFrame(destinationPort, sourcePort, new byte[0]);
    }

    /**
     * Reads one frame. Every read waits at most until {@code deadlineNanos} (System.nanoTime), so a peer that
     * trickles bytes cannot hold a connection longer than one frame timeout.
     *
     * @param firstByteTimeoutMs how long to wait for the frame's first byte (the idle timeout)
     * @return null when the peer closed the connection before a new frame began
     * @throws FrameException naming what is wrong with the bytes, with the bytes read so far
     */
    public static WrapperFrame read(InputStream in, SocketTimeouts timeouts, int maxApduLength, long firstByteTimeoutMs,
                                    long frameTimeoutMs) throws IOException {
        timeouts.set(firstByteTimeoutMs);
        final int first;
        try {
            first = in.read();
        } catch (SocketTimeoutException e) {
            throw new FrameException(FrameException.Kind.IDLE, "no frame within " + firstByteTimeoutMs + " ms",
                    new byte[0]);
        }
        if (first < 0) {
            return null;
        }
        final long deadline = System.nanoTime() + frameTimeoutMs * 1_000_000;
        final ByteArrayOutputStream seen = new ByteArrayOutputStream();
        seen.write(first);
        final byte[] header = new byte[HEADER_LENGTH];
        header[0] = (byte) first;
        readFully(in, header, 1, HEADER_LENGTH - 1, timeouts, deadline, seen, frameTimeoutMs);
        final ByteBuffer h = ByteBuffer.wrap(header);
        final int version = h.getShort() & 0xffff;
        final int source = h.getShort() & 0xffff;
        final int destination = h.getShort() & 0xffff;
        final int length = h.getShort() & 0xffff;
        if (version != VERSION) {
            throw new FrameException(FrameException.Kind.MALFORMED, "not a DLMS TCP wrapper frame (version "
                    + version + ", expected 1)", seen.toByteArray());
        }
        if (length == 0 || length > maxApduLength) {
            throw new FrameException(FrameException.Kind.MALFORMED, "APDU length " + length + " outside 1.."
                    + maxApduLength, seen.toByteArray());
        }
        final byte[] apdu = new byte[length];
        readFully(in, apdu, 0, length, timeouts, deadline, seen, frameTimeoutMs);
        return new WrapperFrame(source, destination, apdu);
    }

    private static void readFully(InputStream in, byte[] target, int offset, int length, SocketTimeouts timeouts,
                                  long deadline, ByteArrayOutputStream seen, long frameTimeoutMs) throws IOException {
        int at = offset;
        while (at < offset + length) {
            final long remainingMs = (deadline - System.nanoTime()) / 1_000_000;
            if (remainingMs <= 0) {
                throw slow(seen, frameTimeoutMs);
            }
            timeouts.set(remainingMs);
            final int n;
            try {
                n = in.read(target, at, offset + length - at);
            } catch (SocketTimeoutException e) {
                throw slow(seen, frameTimeoutMs);
            }
            if (n < 0) {
                throw new FrameException(FrameException.Kind.MALFORMED, "the connection ended inside a frame after " + seen.size() + " bytes", seen.toByteArray());
            }
            seen.write(target, at, n);
            at += n;
        }
    }

    private static FrameException slow(ByteArrayOutputStream seen, long frameTimeoutMs) {
        return new FrameException(FrameException.Kind.SLOW, "frame incomplete after " + frameTimeoutMs + " ms ("
                + seen.size() + " bytes)", seen.toByteArray());
    }

    /** Sets the socket's read timeout before each read. */
    @FunctionalInterface
    public interface SocketTimeouts {
        void set(long millis) throws IOException;
    }
}
