package io.meterflow.streams;

import io.meterflow.schema.AlertCommandResult;
import io.meterflow.schema.AlertState;
import io.meterflow.schema.ReadingSource;
import io.meterflow.schema.ReadingStatus;
import io.meterflow.schema.Severity;
import io.meterflow.schema.serde.JsonSerde;
import io.meterflow.streams.alerts.AlertStatus;
import io.meterflow.streams.alerts.AlertStatusCodec;
import io.meterflow.streams.alerts.AlertWorkflow;
import io.meterflow.streams.drift.DriftSample;
import io.meterflow.streams.errorstats.FleetCounts;
import io.meterflow.streams.errorstats.FleetState;
import io.meterflow.streams.errorstats.FleetStateCodec;
import io.meterflow.streams.errorstats.OpenWindow;
import io.meterflow.streams.errorstats.WindowCounts;
import io.meterflow.streams.meter.MeterState;
import io.meterflow.streams.meter.MeterStateCodec;
import io.meterflow.streams.rates.RegisterPoint;
import io.meterflow.streams.storage.CompactSerde;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Stored state survives the binary format, and state written as JSON by earlier versions stays readable. */
class StoredStateFormatTest {

    static final WindowCounts WINDOW = new WindowCounts(5, 2, Map.of(ReadingStatus.OK, 3L, ReadingStatus.TIMEOUT, 2L),
            ReadingSource.DLMS, 1_767_225_600_000L);
    static final MeterState METER = new MeterState(1_000L, 2_000L, ReadingSource.MQTT, List.of(900L, 1_000L),
            Map.of("1.0.1.8.0.255", new RegisterPoint(1_000L, 12.5, "Wh"), "1.0.2.8.0.255", new RegisterPoint(990L, 3, null)),
            List.of(new DriftSample(900L, -1_500L), new DriftSample(1_000L, 250L)),
            List.of(new OpenWindow(300_000L, 0L, WINDOW), new OpenWindow(3_600_000L, 0L, WindowCounts.empty())),
            Map.of(300_000L, -300_000L));
    static final AlertStatus ALERT = new AlertStatus("m1", "ClockDrift", AlertState.PENDING, Severity.MEDIUM, 10L, 20L,
            2, 0, null, null, false, 15.5, 30L, AlertWorkflow.NONE);
    static final FleetState FLEET = new FleetState(Map.of(0, 100L, 2, 90L), Set.of(1),
            new TreeMap<>(Map.of(0L, new FleetCounts(4, 1, Map.of(ReadingStatus.UNREACHABLE, 1L, ReadingStatus.OK, 3L), 5, 4))),
            -300L);

    @Test
    void everyStateTypeReadsBackEqual() {
        assertRoundTrip(MeterStateCodec.serde(), METER);
        assertRoundTrip(MeterStateCodec.serde(), MeterState.EMPTY);
        assertRoundTrip(AlertStatusCodec.serde(), ALERT);
        assertRoundTrip(AlertStatusCodec.serde(), new AlertStatus("*", "HighErrorRate", AlertState.NO_DATA,
                Severity.CRITICAL, 1L, null, 0, 4, 3L, 7L, true, 0, 9L, new AlertWorkflow("alice", 5L, 99L, "bob",
                        List.of(new AlertWorkflow.Handled("c-1", AlertCommandResult.Outcome.APPLIED, null),
                                new AlertWorkflow.Handled("c-2", AlertCommandResult.Outcome.REJECTED,
                                        AlertCommandResult.Reason.ALREADY_ACKNOWLEDGED)))));
        assertRoundTrip(FleetStateCodec.serde(), FLEET);
        assertRoundTrip(FleetStateCodec.serde(), FleetState.empty());
    }

    @Test
    void stateWrittenAsJsonByAnEarlierVersionIsStillRead() {
        assertReadsJson(MeterStateCodec.serde(), METER);
        assertReadsJson(AlertStatusCodec.serde(), ALERT);
        assertReadsJson(FleetStateCodec.serde(), FLEET);
    }

    @Test
    void aBinaryMeterStateFromBeforeTheWindowsMovedIntoItReadsWithNoOpenWindows() {
        final MeterState withoutWindows = new MeterState(METER.lastCollectedAt(), METER.lastAnsweredWallMs(),
                METER.source(), METER.seen(), METER.registers(), METER.drift(), List.of(), Map.of());
        final byte[] current = MeterStateCodec.serde().serializer().serialize("meter-state", withoutWindows);
        // The earlier format ended after the drift samples: no window count, no first-window count.
        final byte[] earlier = java.util.Arrays.copyOf(current, current.length - 2 * Integer.BYTES);

        assertThat(MeterStateCodec.serde().deserializer().deserialize("meter-state", earlier)).isEqualTo(withoutWindows);
    }

    @Test
    void truncatedStateIsAClearErrorNamingTheType() {
        final byte[] bytes = MeterStateCodec.serde().serializer().serialize("meter-state", METER);
        final byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length / 2);
        assertThatThrownBy(() -> MeterStateCodec.serde().deserializer().deserialize("meter-state", truncated))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Cannot read MeterState from meter-state");
    }

    private static <T> void assertRoundTrip(Serde<T> serde, T value) {
        final byte[] bytes = serde.serializer().serialize("store", value);
        assertThat(bytes[0]).as("format version byte, never the '{' of JSON").isBetween((byte) 1, (byte) ('{' - 1));
        assertThat(serde.deserializer().deserialize("store", bytes)).isEqualTo(value);
    }

    @SuppressWarnings("unchecked")
    private static <T> void assertReadsJson(Serde<T> serde, T value) {
        final byte[] json = new JsonSerde<>((Class<T>) value.getClass()).serializer().serialize("store", value);
        assertThat(serde.deserializer().deserialize("store", json)).isEqualTo(value);
    }
}
