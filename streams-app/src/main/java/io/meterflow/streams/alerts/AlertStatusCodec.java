package io.meterflow.streams.alerts;

import io.meterflow.schema.AlertCommandResult;
import io.meterflow.schema.AlertState;
import io.meterflow.schema.Severity;
import io.meterflow.streams.storage.CompactSerde;

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

/**
 * The stored form of {@link AlertStatus}. Version 2 adds the escalation start and the operator workflow; version 1
 * (before alert commands) is still read: no workflow, and a FIRING alert's escalation duration counts from its next
 * bad evaluation.
 */
public final class AlertStatusCodec implements CompactSerde.Codec<AlertStatus> {

    private static final byte VERSION_2 = 2;

    public static CompactSerde<AlertStatus> serde() {
        return new CompactSerde<>(AlertStatus.class, new AlertStatusCodec());
    }

    @Override
    public byte version() {
        return VERSION_2;
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
        // version 2
        writeNullableLong(out, s.firingBadSince());
        final AlertWorkflow w = s.workflow();
        writeNullableString(out, w.acknowledgedBy());
        writeNullableLong(out, w.acknowledgedAt());
        writeNullableLong(out, w.shelvedUntil());
        writeNullableString(out, w.assignee());
        out.writeInt(w.handled().size());
        for (AlertWorkflow.Handled h : w.handled()) {
            out.writeUTF(h.commandId());
            out.writeUTF(h.outcome().name());
            writeNullableEnum(out, h.reason());
        }
    }

    @Override
    public AlertStatus read(DataInputStream in) throws IOException {
        final V1 v1 = V1.read(in);
        final Long firingBadSince = readNullableLong(in);
        final String acknowledgedBy = readNullableString(in);
        final Long acknowledgedAt = readNullableLong(in);
        final Long shelvedUntil = readNullableLong(in);
        final String assignee = readNullableString(in);
        final int handledCount = in.readInt();
        final List<AlertWorkflow.Handled> handled = new ArrayList<>(handledCount);
        for (int i = 0; i < handledCount; i++) {
            handled.add(new AlertWorkflow.Handled(in.readUTF(), AlertCommandResult.Outcome.valueOf(in.readUTF()),
                    readNullableEnum(in, AlertCommandResult.Reason.class)));
        }
        return v1.toStatus(firingBadSince,
                new AlertWorkflow(acknowledgedBy, acknowledgedAt, shelvedUntil, assignee, handled));
    }

    @Override
    public AlertStatus readOlder(DataInputStream in, byte version) throws IOException {
        if (version != 1) {
            return CompactSerde.Codec.super.readOlder(in, version);
        }
        return V1.read(in).toStatus(null, AlertWorkflow.NONE);
    }

    /** The fields of format version 1, which version 2 starts with. */
    private record V1(String meterId, String rule, AlertState state, Severity severity, long since, Long badSince,
                      int badStreak, int badSinceFiring, Long healthySince, boolean fired, double lastValue,
                      long lastSeenWallMs) {

        static V1 read(DataInputStream in) throws IOException {
            return new V1(in.readUTF(), in.readUTF(), AlertState.valueOf(in.readUTF()), Severity.valueOf(in.readUTF()),
                    in.readLong(), readNullableLong(in), in.readInt(), in.readInt(), readNullableLong(in),
                    in.readBoolean(), in.readDouble(), in.readLong());
        }

        AlertStatus toStatus(Long firingBadSince, AlertWorkflow workflow) {
            return new AlertStatus(meterId, rule, state, severity, since, badSince, badStreak, badSinceFiring,
                    firingBadSince, healthySince, fired, lastValue, lastSeenWallMs, workflow);
        }
    }
}
