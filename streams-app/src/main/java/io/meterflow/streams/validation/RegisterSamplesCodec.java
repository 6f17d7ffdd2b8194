package io.meterflow.streams.validation;

import io.meterflow.streams.storage.CompactSerde;
import org.apache.kafka.common.serialization.Serde;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/** {@link RegisterSamples}' fields in stored state, in a fixed order. */
public final class RegisterSamplesCodec implements CompactSerde.Codec<RegisterSamples> {

    private RegisterSamplesCodec() {
    }

    public static Serde<RegisterSamples> serde() {
        return new CompactSerde<>(RegisterSamples.class, new RegisterSamplesCodec());
    }

    @Override
    public void write(DataOutputStream out, RegisterSamples samples) throws IOException {
        out.writeLong(samples.newestRow);
        out.writeLong(samples.periodMs);
        out.writeInt(samples.samples.size());
        for (Map.Entry<Long, Double> sample : samples.samples.entrySet()) {
            out.writeLong(sample.getKey());
            out.writeDouble(sample.getValue());
        }
    }

    @Override
    public RegisterSamples read(DataInputStream in) throws IOException {
        final long newestRow = in.readLong();
        final long periodMs = in.readLong();
        final TreeMap<Long, Double> samples = new TreeMap<>();
        for (int n = in.readInt(); n > 0; n--) {
            samples.put(in.readLong(), in.readDouble());
        }
        return new RegisterSamples(samples, newestRow, periodMs);
    }
}
