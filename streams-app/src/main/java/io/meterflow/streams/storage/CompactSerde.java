package io.meterflow.streams.storage;

import io.meterflow.schema.serde.JsonSerde;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.internals.ByteBufferInputStream;
import org.apache.kafka.common.utils.internals.ByteBufferOutputStream;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Binary serde of the app's own state (stores and their changelogs): these are read and written
 * for every reading, and JSON (de)serialisation was the largest single cost of the topology in the profile.
 * The first byte is a format version; a codec whose fields changed writes a higher version and still reads the older
 * ones, and state written as JSON by earlier versions of the app (first byte {@code '{'}) is still read, so an
 * upgrade needs no state reset. Topics read by others stay JSON.
 */
public final class CompactSerde<T> implements Serde<T> {

    private static final byte FORMAT_V1 = 1;
    private static final int INITIAL_BUFFER = 128;

    /** Writes and reads one type's fields, in a fixed order. */
    public interface Codec<T> {
        void write(DataOutputStream out, T value) throws IOException;

        T read(DataInputStream in) throws IOException;

        /** The format version {@link #write} writes: raise it when the fields change, and read the old ones. */
        default byte version() {
            return FORMAT_V1;
        }

        /** Reads a value that an earlier {@link #version()} wrote (1 &lt;= {@code version} &lt; version()). */
        default T readOlder(DataInputStream in, byte version) throws IOException {
            throw new IOException("format version " + version + " is not readable by this version of the app");
        }
    }

    private final Class<T> type;
    private final Codec<T> codec;
    private final Deserializer<T> legacy;
    /** Racy on purpose: tasks on several threads share the serde, and any value is a valid start size. */
    private int sizeHint = INITIAL_BUFFER;

    public CompactSerde(Class<T> type, Codec<T> codec) {
        this.type = type;
        this.codec = codec;
        this.legacy = new JsonSerde<>(type).deserializer();
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> {
            if (value == null) {
                return null;
            }
            // Kafka's unsynchronised buffer streams, not java.io's: every field write would otherwise take a lock.
            // Sized by the last value written: the stream grows by 10 % a step, a dozen copies for a meter state.
            final ByteBufferOutputStream bytes = new ByteBufferOutputStream(sizeHint);
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeByte(codec.version());
                codec.write(out, value);
            } catch (IOException e) {
                throw new SerializationException("Cannot write " + type.getSimpleName() + " to " + topic, e);
            }
            final ByteBuffer written = bytes.buffer().flip();
            sizeHint = Math.max(INITIAL_BUFFER, written.limit());
            return Arrays.copyOfRange(written.array(), written.arrayOffset(), written.arrayOffset() + written.limit());
        };
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, data) -> {
            if (data == null) {
                return null;
            }
            final byte version = data.length == 0 ? 0 : data[0];
            if (version < FORMAT_V1 || version > codec.version()) {
                return legacy.deserialize(topic, data);
            }
            try (DataInputStream in = new DataInputStream(new ByteBufferInputStream(ByteBuffer.wrap(data, 1, data.length - 1)))) {
                return version == codec.version() ? codec.read(in) : codec.readOlder(in, version);
            } catch (IOException | RuntimeException e) {
                throw new SerializationException("Cannot read " + type.getSimpleName() + " from " + topic + ": " + e, e);
            }
        };
    }
}
