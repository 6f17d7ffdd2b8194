package io.meterflow.streams.drift;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/** A {@link DriftSample}'s fields in stored state, in a fixed order. */
public final class DriftSampleCodec {

    private DriftSampleCodec() {
    }

    public static void write(DataOutputStream out, DriftSample sample) throws IOException {
        out.writeLong(sample.at());
        out.writeLong(sample.driftMs());
    }

    public static DriftSample read(DataInputStream in) throws IOException {
        return new DriftSample(in.readLong(), in.readLong());
    }
}
