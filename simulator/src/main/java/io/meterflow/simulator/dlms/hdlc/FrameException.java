package io.meterflow.simulator.dlms.hdlc;

/** Bytes between two flags that are no valid HDLC frame (wrong format, length, address or check sequence). */
final class FrameException extends Exception {

    FrameException(String message) {
        super(message);
    }
}
