package io.meterflow.simulator.dlms.hdlc;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Cuts a byte stream into HDLC frames: a frame starts after a flag (0x7E), its format field gives the length (the
 * asynchronous HDLC of IEC 62056-46 has no byte stuffing), and a flag must follow it; that closing flag may also open the next frame, and extra flags between frames are idle
 * fill. Bytes that do not make a frame are skipped up to the next flag, as a receiver on a noisy line does.
 */
final class HdlcFrameReader {

    /** What the reader found between two flags. */
    sealed interface Result permits Frame, Invalid {
    }

    record Frame(HdlcFrame frame) implements Result {
    }

    /** Bytes that were no valid frame; a meter discards them without an answer. */
    record Invalid(String reason) implements Result {
    }

    private final InputStream in;
    private boolean afterFlag;

    HdlcFrameReader(InputStream in) {
        this.in = in;
    }

    /** The next frame or discarded garbage; EOFException at the end of the stream. */
    Result next() throws IOException {
        int first = afterFlag ? read() : huntFlag();
        while (first == HdlcFrame.FLAG) {
            first = read(); // idle flags between frames
        }
        afterFlag = false;
        final int second = read();
        final int length = (first & 0x07) << 8 | second;
        if ((first & 0xF0) != 0xA0 || length < 7) {
            return new Invalid(String.format("no frame format after the flag (0x%02X%02X)", first, second));
        }
        final byte[] content = new byte[length];
        content[0] = (byte) first;
        content[1] = (byte) second;
        // No byte stuffing in IEC 62056-46: the length decides, a 0x7E inside the frame is data.
        for (int i = 2; i < length; i++) {
            content[i] = (byte) read();
        }
        if (read() != HdlcFrame.FLAG) {
            return new Invalid("no closing flag after " + length + " bytes");
        }
        afterFlag = true;
        try {
            return new Frame(HdlcFrame.decode(content));
        } catch (FrameException e) {
            return new Invalid(e.getMessage());
        }
    }

    private int huntFlag() throws IOException {
        int b;
        do {
            b = read();
        } while (b != HdlcFrame.FLAG);
        return read();
    }

    private int read() throws IOException {
        final int b = in.read();
        if (b < 0) {
            throw new EOFException("connection closed");
        }
        return b;
    }
}
