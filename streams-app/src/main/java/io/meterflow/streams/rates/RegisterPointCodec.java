package io.meterflow.streams.rates;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

import static io.meterflow.streams.storage.CompactFields.readNullableString;
import static io.meterflow.streams.storage.CompactFields.writeNullableString;

/** A {@link RegisterPoint}'s fields in stored state, in a fixed order. */
public final class RegisterPointCodec {

    private RegisterPointCodec() {
    }

    public static void write(DataOutputStream out, RegisterPoint point) throws IOException {
        out.writeLong(point.time());
        out.writeDouble(point.value());
        writeNullableString(out, point.unit());
    }

    public static RegisterPoint read(DataInputStream in) throws IOException {
        return new RegisterPoint(in.readLong(), in.readDouble(), readNullableString(in));
    }
}
