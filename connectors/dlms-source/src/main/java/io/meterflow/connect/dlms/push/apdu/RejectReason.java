package io.meterflow.connect.dlms.push.apdu;

/** Why a push or a connection went to the dead-letter topic; the header and metric tag value. */
public enum RejectReason {
    /** Bytes that are no DLMS TCP wrapper frame, or a frame cut off. */
    MALFORMED_FRAME,
    /** A frame whose APDU does not decode. */
    MALFORMED_APDU,
    /** An APDU other than DataNotification or general-glo-ciphering (e.g. general-block-transfer, ded-ciphering). */
    UNSUPPORTED_APDU,
    /** A ciphered push whose system title names no known meter. */
    UNKNOWN_SYSTEM_TITLE,
    /** A plain push whose logical device name names no known meter. */
    UNKNOWN_METER,
    /** A ciphered push that fails authentication (bad MAC/tag: wrong keys or tampered), or a security control byte
     *  the listener does not accept; also a plain push where ciphering is required. */
    UNAUTHENTICATED,
    /** A body that does not fit the meter's push object list, or a push without a capture time. */
    OBJECT_LIST_MISMATCH,
    /** A connection that sent no frame within the idle timeout (slowloris). */
    IDLE_TIMEOUT,
    /** A frame that did not complete within the frame timeout (slowloris). */
    SLOW_FRAME
}
