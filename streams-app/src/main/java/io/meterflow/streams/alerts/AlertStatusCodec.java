package io.meterflow.streams.alerts;

import io.meterflow.schema.AlertState;
import io.meterflow.schema.Severity;
import io.meterflow.streams.storage.CompactSerde;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

import static io.meterflow.streams.storage.CompactFields.readNullableLong;
import static io.meterflow.streams.storage.CompactFields.writeNullableLong;

/** The stored form of {@link AlertStatus}. Changing its fields needs a new format version in {@link CompactSerde}. */
public final class AlertStatusCodec implements CompactSerde.Codec<AlertStatus> {

    public static CompactSerde<AlertStatus> serde() {
        return new CompactSerde<>(AlertStatus.class, new AlertStatusCodec());
    }

    @Override
    public void write(DataOutputStream out, AlertStatus s) throws IOException {
        out.writeUTF(s.meterId());
        out.writeUTF(s.rule());
        out.writeUTF(s.state().name());
        out.writeUTF(s.severity().name());
        out.writeLong(s.since());
        writeNullableLong(out, s.badSince());
        out.writeInt(s.badStreak());
        out.writeInt(s.badSinceFiring());
        writeNullableLong(out, s.healthySince());
        out.writeBoolean(s.fired());
        out.writeDouble(s.lastValue());
        out.writeLong(s.lastSeenWallMs());
    }

    @Override
    public AlertStatus read(DataInputStream in) throws IOException {
        return new AlertStatus(in.readUTF(), in.readUTF(), AlertState.valueOf(in.readUTF()),
                Severity.valueOf(in.readUTF()), in.readLong(), readNullableLong(in), in.readInt(), in.readInt(),
                readNullableLong(in), in.readBoolean(), in.readDouble(), in.readLong());
    }
}
