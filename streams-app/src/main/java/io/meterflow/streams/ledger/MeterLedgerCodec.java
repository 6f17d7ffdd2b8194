package io.meterflow.streams.ledger;

import io.meterflow.schema.GapState;
import io.meterflow.streams.storage.CompactSerde;
import org.apache.kafka.common.serialization.Serde;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.meterflow.streams.storage.CompactFields.readNullableString;
import static io.meterflow.streams.storage.CompactFields.writeNullableString;

/** A {@link MeterLedger}'s fields in the ledger store, in a fixed order. */
public final class MeterLedgerCodec implements CompactSerde.Codec<MeterLedger> {

    private MeterLedgerCodec() {
    }

    public static Serde<MeterLedger> serde() {
        return new CompactSerde<>(MeterLedger.class, new MeterLedgerCodec());
    }

    @Override
    public void write(DataOutputStream out, MeterLedger ledger) throws IOException {
        out.writeUTF(ledger.meterId);
        out.writeInt(ledger.periodSeconds);
        out.writeLong(ledger.first);
        out.writeLong(ledger.expectedUntil);
        out.writeLong(ledger.clock);
        out.writeInt(ledger.received.size());
        for (Map.Entry<Long, long[]> day : ledger.received.entrySet()) {
            out.writeLong(day.getKey());
            out.writeShort(day.getValue().length);
            for (long word : day.getValue()) {
                out.writeLong(word);
            }
        }
        out.writeInt(ledger.gaps.size());
        for (LedgerGap gap : ledger.gaps) {
            out.writeLong(gap.from);
            out.writeLong(gap.to);
            out.writeUTF(gap.state.name());
            out.writeInt(gap.attempts);
            out.writeLong(gap.since);
            writeNullableString(out, gap.requestId);
        }
        out.writeInt(ledger.requests.size());
        for (BackfillAttempt request : ledger.requests.values()) {
            out.writeUTF(request.requestId);
            out.writeLong(request.from);
            out.writeLong(request.to);
            out.writeInt(request.attempt);
            out.writeBoolean(request.awaitingOutcome);
            out.writeLong(request.dueAt);
        }
    }

    @Override
    public MeterLedger read(DataInputStream in) throws IOException {
        final String meterId = in.readUTF();
        final int period = in.readInt();
        final long first = in.readLong();
        final long expectedUntil = in.readLong();
        final long clock = in.readLong();
        final TreeMap<Long, long[]> received = new TreeMap<>();
        for (int days = in.readInt(); days > 0; days--) {
            final long day = in.readLong();
            final long[] bits = new long[in.readShort()];
            for (int i = 0; i < bits.length; i++) {
                bits[i] = in.readLong();
            }
            received.put(day, bits);
        }
        final List<LedgerGap> gaps = new ArrayList<>();
        for (int n = in.readInt(); n > 0; n--) {
            gaps.add(new LedgerGap(in.readLong(), in.readLong(), GapState.valueOf(in.readUTF()), in.readInt(),
                    in.readLong(), readNullableString(in)));
        }
        final Map<String, BackfillAttempt> requests = new LinkedHashMap<>();
        for (int n = in.readInt(); n > 0; n--) {
            final BackfillAttempt request = new BackfillAttempt(in.readUTF(), in.readLong(), in.readLong(), in.readInt(),
                    in.readBoolean(), in.readLong());
            requests.put(request.requestId, request);
        }
        final MeterLedger ledger = new MeterLedger(meterId, period, received, gaps, requests);
        ledger.first = first;
        ledger.expectedUntil = expectedUntil;
        ledger.clock = clock;
        return ledger;
    }
}
