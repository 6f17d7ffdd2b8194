package io.meterflow.streams.intervals;

import io.meterflow.schema.IntervalFlag;
import io.meterflow.schema.IntervalQuality;
import io.meterflow.schema.MeterValue;
import io.meterflow.schema.Provenance;
import io.meterflow.schema.QualityReason;
import io.meterflow.schema.QualityRule;
import io.meterflow.schema.ValidatedInterval;
import io.meterflow.streams.storage.CompactSerde;
import org.apache.kafka.common.serialization.Serde;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static io.meterflow.streams.storage.CompactFields.readNullableEnum;
import static io.meterflow.streams.storage.CompactFields.readNullableLong;
import static io.meterflow.streams.storage.CompactFields.readNullableString;
import static io.meterflow.streams.storage.CompactFields.writeNullableEnum;
import static io.meterflow.streams.storage.CompactFields.writeNullableLong;
import static io.meterflow.streams.storage.CompactFields.writeNullableString;

/** The latest written version of a row ({@link ValidatedInterval}) in the rows store, in a fixed order. */
public final class ValidatedIntervalCodec implements CompactSerde.Codec<ValidatedInterval> {

    private ValidatedIntervalCodec() {
    }

    public static Serde<ValidatedInterval> serde() {
        return new CompactSerde<>(ValidatedInterval.class, new ValidatedIntervalCodec());
    }

    @Override
    public void write(DataOutputStream out, ValidatedInterval row) throws IOException {
        out.writeUTF(row.meterId());
        out.writeLong(row.capturedAt());
        out.writeShort(row.values().size());
        for (MeterValue value : row.values()) {
            out.writeUTF(value.obis());
            out.writeDouble(value.value());
            writeNullableString(out, value.unit());
        }
        out.writeShort(row.flags().size());
        for (IntervalFlag flag : row.flags()) {
            out.writeUTF(flag.name());
        }
        writeNullableLong(out, row.clockOffsetMs());
        writeNullableEnum(out, row.provenance());
        out.writeInt(row.capturePeriodSeconds() == null ? -1 : row.capturePeriodSeconds());
        out.writeUTF(row.quality().name());
        out.writeShort(row.reasons().size());
        for (QualityReason reason : row.reasons()) {
            out.writeUTF(reason.rule().name());
            out.writeUTF(reason.message());
        }
        out.writeInt(row.version());
        out.writeLong(row.validatedAt());
    }

    @Override
    public ValidatedInterval read(DataInputStream in) throws IOException {
        final String meterId = in.readUTF();
        final long capturedAt = in.readLong();
        final List<MeterValue> values = new ArrayList<>();
        for (int n = in.readShort(); n > 0; n--) {
            values.add(new MeterValue(in.readUTF(), in.readDouble(), readNullableString(in)));
        }
        final List<IntervalFlag> flags = new ArrayList<>();
        for (int n = in.readShort(); n > 0; n--) {
            flags.add(IntervalFlag.valueOf(in.readUTF()));
        }
        final Long clockOffset = readNullableLong(in);
        final Provenance provenance = readNullableEnum(in, Provenance.class);
        final int period = in.readInt();
        final IntervalQuality quality = IntervalQuality.valueOf(in.readUTF());
        final List<QualityReason> reasons = new ArrayList<>();
        for (int n = in.readShort(); n > 0; n--) {
            reasons.add(new QualityReason(QualityRule.valueOf(in.readUTF()), in.readUTF()));
        }
        return new ValidatedInterval(meterId, capturedAt, values, flags, clockOffset, provenance,
                period < 0 ? null : period, quality, reasons, in.readInt(), in.readLong());
    }
}
