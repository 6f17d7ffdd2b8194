package io.meterflow.streams.storage;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * Nullable values and enums for {@link CompactSerde.Codec}s. Enums are written by name, so reordering an enum does not
 * corrupt stored state.
 */
public final class CompactFields {

    private CompactFields() {
    }

    public static void writeNullableLong(DataOutputStream out, Long value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeLong(value);
        }
    }

    public static Long readNullableLong(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readLong() : null;
    }

    public static void writeNullableString(DataOutputStream out, String value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeUTF(value);
        }
    }

    public static String readNullableString(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    public static void writeNullableEnum(DataOutputStream out, Enum<?> value) throws IOException {
        writeNullableString(out, value == null ? null : value.name());
    }

    public static <E extends Enum<E>> E readNullableEnum(DataInputStream in, Class<E> type) throws IOException {
        final String name = readNullableString(in);
        return name == null ? null : Enum.valueOf(type, name);
    }
}
