package io.meterflow.streams.meter;

import io.meterflow.schema.ClockDrift;
import io.meterflow.schema.Rate;
import io.meterflow.schema.topic.MeterFlowTopics;
import org.apache.kafka.common.serialization.Serializer;

import java.util.Arrays;

/**
 * Writers of the two outputs every reading makes (meter-rates, meter-clock-drift) that produce the same bytes as the
 * topics' Jackson serde, field by field, without its per-value machinery: writing these two records was most of the
 * output JSON, a twelfth of the full topology's stream thread in the benchmark's profile (docs/benchmarks.md,
 * "Streams"). Anything the plain path does not cover — a string that needs escaping or is not ASCII, a value that is
 * not a finite number — is written by the topic's own serde, so the bytes are Jackson's in every case
 * ({@code OutputJsonTest} compares them).
 */
public final class OutputJson {

    private static final Serializer<Rate> JACKSON_RATE = MeterFlowTopics.RATES.valueSerde().serializer();
    private static final Serializer<ClockDrift> JACKSON_DRIFT = MeterFlowTopics.CLOCK_DRIFT.valueSerde().serializer();

    private OutputJson() {
    }

    /** meter-rates as the topic's serde writes it. */
    public static byte[] rate(String topic, Rate rate) {
        if (rate == null) {
            return null;
        }
        final Out out = new Out(192);
        if (out.text("{\"meterId\":", rate.meterId()) && out.text(",\"obis\":", rate.obis())
                && out.number(",\"from\":", rate.from()) && out.number(",\"to\":", rate.to())
                && out.decimal(",\"delta\":", rate.delta()) && out.text(",\"deltaUnit\":", rate.deltaUnit())
                && out.decimal(",\"rate\":", rate.rate()) && out.text(",\"unit\":", rate.unit())
                && out.text(",\"kind\":", rate.kind().name()) && out.raw("}")) {
            return out.bytes();
        }
        return JACKSON_RATE.serialize(topic, rate);
    }

    /** meter-clock-drift as the topic's serde writes it. */
    public static byte[] drift(String topic, ClockDrift drift) {
        if (drift == null) {
            return null;
        }
        final Out out = new Out(128);
        final Double trend = drift.trendSecondsPerDay();
        if (out.text("{\"meterId\":", drift.meterId()) && out.number(",\"at\":", drift.at())
                && out.number(",\"driftMs\":", drift.driftMs())
                && (trend == null ? out.raw(",\"trendSecondsPerDay\":null") : out.decimal(",\"trendSecondsPerDay\":", trend))
                && out.number(",\"samples\":", drift.samples()) && out.raw("}")) {
            return out.bytes();
        }
        return JACKSON_DRIFT.serialize(topic, drift);
    }

    /** ASCII into a growing array; each method returns false when the value needs Jackson's own handling. */
    private static final class Out {
        private byte[] buf;
        private int len;

        Out(int capacity) {
            buf = new byte[capacity];
        }

        boolean raw(String ascii) {
            ensure(ascii.length());
            for (int i = 0; i < ascii.length(); i++) {
                buf[len++] = (byte) ascii.charAt(i);
            }
            return true;
        }

        /** A JSON string or null; false for a character Jackson escapes or writes as more than one byte. */
        boolean text(String name, String value) {
            raw(name);
            if (value == null) {
                return raw("null");
            }
            ensure(value.length() + 2);
            buf[len++] = '"';
            for (int i = 0; i < value.length(); i++) {
                final char c = value.charAt(i);
                if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
                    return false;
                }
                buf[len++] = (byte) c;
            }
            buf[len++] = '"';
            return true;
        }

        boolean number(String name, long value) {
            raw(name);
            return raw(Long.toString(value));
        }

        /** Jackson writes a finite double as {@link Double#toString}, a NaN or an infinity as a string. */
        boolean decimal(String name, double value) {
            if (!Double.isFinite(value)) {
                return false;
            }
            raw(name);
            return raw(Double.toString(value));
        }

        byte[] bytes() {
            return Arrays.copyOf(buf, len);
        }

        private void ensure(int more) {
            if (len + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
            }
        }
    }
}
