package io.meterflow.connect.dlms.hdlc;

import org.openmuc.jdlms.RawMessageData;
import org.openmuc.jdlms.RawMessageListener;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Watches the HDLC frames of one connection attempt (jDLMS's raw message listener) to explain a failed association
 * an operator could otherwise not diagnose: the meter's UA names the longest information field it accepts, and
 * jDLMS 1.8.0 cannot send a longer request in segments (it sends a broken first segment, then fails), so a request
 * that did not fit is named with both sizes instead of a timeout or a buffer error.
 */
public final class HdlcTrace implements RawMessageListener {

    private final AtomicInteger meterReceives = new AtomicInteger(-1);
    private final AtomicInteger longestRequest = new AtomicInteger();
    private final AtomicBoolean segmentedRequest = new AtomicBoolean();
    private final AtomicBoolean rejected = new AtomicBoolean();
    private final AtomicBoolean snrmSent = new AtomicBoolean();

    @Override
    public void messageCaptured(RawMessageData message) {
        final Optional<HdlcFrameView> frame = HdlcFrameView.of(message.getMessage());
        if (frame.isEmpty()) {
            return;
        }
        final HdlcFrameView f = frame.get();
        if (message.getMessageSource() == RawMessageData.MessageSource.CLIENT) {
            if (f.isSetNormalResponseMode()) {
                snrmSent.set(true);
            }
            if (f.isInformation()) {
                longestRequest.accumulateAndGet(f.information().length, Math::max);
                if (f.segmented()) {
                    segmentedRequest.set(true);
                }
            }
        } else if (f.isUnnumberedAcknowledge()) {
            f.receiveLimit().ifPresent(meterReceives::set);
        } else if (f.isFrameReject()) {
            rejected.set(true);
        }
    }

    /**
     * Whether an SNRM went out and no UA with parameters came back: jDLMS 1.8.0 fails with a runtime exception on
     * a DM (the meter refuses the link) and on a UA without parameters, before the listener sees either.
     */
    public boolean noLink() {
        return snrmSent.get() && meterReceives.get() < 0;
    }

    /**
     * Why the attempt could not work, when a request did not fit the information field the meter accepts;
     * {@code proposed} is what the connector offered in its SNRM.
     */
    public Optional<String> requestTooLong(int proposed) {
        final int limit = meterReceives.get();
        if (limit < 0 || !(segmentedRequest.get() || longestRequest.get() > limit)) {
            return Optional.empty();
        }
        final String size = segmentedRequest.get() ? "longer than that" : longestRequest.get() + " bytes";
        return Optional.of("the meter accepts HDLC information fields of at most " + limit + " bytes (its UA; "
                + "the connector proposed " + proposed + "), the association request is " + size
                + (rejected.get() ? " (the meter answered FRMR)" : "") + ", and jDLMS 1.8.0 cannot send a request "
                + "in segments: " + (limit >= proposed
                ? "propose a larger field (meter.hdlc.max.info.length, inventory column hdlc_max_info_length)"
                : "the meter's HDLC setup must accept a larger receive field"));
    }
}
