package io.meterflow.connect.dlms.push.listener;

import io.meterflow.connect.dlms.push.apdu.Notification;
import io.meterflow.connect.dlms.push.apdu.NotificationDecoder;
import io.meterflow.connect.dlms.push.apdu.PushRejectedException;
import io.meterflow.connect.dlms.push.apdu.RejectReason;
import io.meterflow.connect.dlms.push.mapping.PlainPushSender;
import io.meterflow.connect.dlms.push.mapping.PushBodyMapper;
import io.meterflow.connect.dlms.push.mapping.PushContent;
import io.meterflow.connect.dlms.push.mapping.PushMappingException;
import io.meterflow.connect.dlms.push.meter.PushMeter;
import io.meterflow.connect.dlms.push.meter.PushMeterDirectory;
import io.meterflow.connect.dlms.push.record.PushRecords;
import io.meterflow.schema.Interval;
import io.meterflow.schema.IntervalFlag;
import io.meterflow.schema.Provenance;
import io.meterflow.schema.MeterEvent;
import io.meterflow.schema.Reading;
import io.meterflow.schema.ReadingSource;
import org.apache.kafka.connect.source.SourceRecord;

import java.util.ArrayList;
import java.util.List;

/**
 * From the APDU of one push to its records: decode (and decipher), find the meter (system title, else logical
 * device name), map the body through the meter's push object list. Every push gives one reading (its registers,
 * possibly none: the push itself is a sign of life), one interval per profile row and one event per non-zero alarm
 * register or event code.
 */
public final class PushInterpreter {

    private final PushMeterDirectory meters;
    private final NotificationDecoder decoder;
    private final PushRecords records;
    private final boolean requireCiphering;

    /** The meter a push came from, the capture time that names it, and its records. */
    public record Interpreted(String meterId, long capturedAt, List<SourceRecord> records) {
    }

    public PushInterpreter(PushMeterDirectory meters, PushRecords records, boolean requireCiphering) {
        this.meters = meters;
        this.records = records;
        this.requireCiphering = requireCiphering;
        this.decoder = new NotificationDecoder(title -> meters.bySystemTitle(title).map(PushMeter::keys));
    }

    public Interpreted interpret(byte[] apdu, long receivedAt) throws PushRejectedException {
        final Notification notification = decoder.decode(apdu);
        if (requireCiphering && !notification.ciphered()) {
            throw new PushRejectedException(RejectReason.UNAUTHENTICATED,
                    "a plain push, and require.ciphering is set", null);
        }
        // A ciphered push names its meter by the system title (the decoder found its keys by it); a plain one by the
        // logical device name in its body.
        final PushMeter meter = notification.ciphered()
                ? meters.bySystemTitle(notification.systemTitle()).orElseThrow() : plainMeter(notification);
        final PushContent content;
        try {
            content = PushBodyMapper.map(notification.body(), meter.objectList());
        } catch (PushMappingException e) {
            throw new PushRejectedException(RejectReason.OBJECT_LIST_MISMATCH, e.getMessage(),
                    notification.systemTitle(), e);
        }
        final Long capturedAt = content.clock() != null ? content.clock() : notification.dateTime();
        if (capturedAt == null) {
            throw new PushRejectedException(RejectReason.OBJECT_LIST_MISMATCH, "the push carries neither a clock "
                    + "element nor a date-time, so it cannot be told apart from a retry", notification.systemTitle());
        }
        return new Interpreted(meter.meterId(), capturedAt, records(meter.meterId(), capturedAt, receivedAt, content));
    }

    private PushMeter plainMeter(Notification notification) throws PushRejectedException {
        final String name = logicalDeviceName(notification);
        if (name == null) {
            throw new PushRejectedException(RejectReason.UNKNOWN_METER, "a plain push without a logical device "
                    + "name (0.0.42.0.0.255) in its first element, or after its push setup", null);
        }
        final PushMeter meter = meters.byId(name).orElseThrow(() -> new PushRejectedException(
                RejectReason.UNKNOWN_METER, "no meter " + name + " (logical device name of a plain push)", null));
        if (meter.systemTitle() != null && requireCiphering) {
            throw new PushRejectedException(RejectReason.UNAUTHENTICATED, "meter " + name + " pushed plain", null);
        }
        return meter;
    }

    /** The logical device name: the first element of an IDIS push, or the second after its push setup. */
    private static String logicalDeviceName(Notification notification) {
        return PlainPushSender.logicalDeviceName(notification.body()).orElse(null);
    }

    private List<SourceRecord> records(String meterId, long capturedAt, long receivedAt, PushContent content) {
        final List<SourceRecord> out = new ArrayList<>();
        out.add(records.reading(Reading.ok(meterId, ReadingSource.DLMS, receivedAt, content.clock(), 0,
                content.registers()), capturedAt));
        // The meter's clock when it pushed, against our arrival time: the offset the rows were captured under.
        final Long clockOffsetMs = content.clock() == null ? null : content.clock() - receivedAt;
        for (PushContent.Row row : content.rows()) {
            out.add(records.interval(new Interval(meterId, row.capturedAt(), row.values(), row.status(),
                    IntervalFlag.decode(row.status()), clockOffsetMs, Provenance.PUSH), capturedAt));
        }
        for (PushContent.Event event : content.events()) {
            out.add(records.event(new MeterEvent(meterId, capturedAt, receivedAt, event.obis(), event.value(),
                    event.flags()), capturedAt));
        }
        return out;
    }
}
