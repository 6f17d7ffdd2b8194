package io.meterflow.streams.alerts;

import io.meterflow.schema.AlertCommandResult;
import io.meterflow.schema.AlertState;
import io.meterflow.schema.Severity;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class AlertStatusCodecTest {

    @Test
    void anAlertStoredBeforeAlertCommandsExistedIsReadWithoutWorkflow() throws IOException {
        // Format version 1, as the app wrote it before this version.
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(1);
            out.writeUTF("m1");
            out.writeUTF("ClockDrift");
            out.writeUTF("FIRING");
            out.writeUTF("MEDIUM");
            out.writeLong(10L);
            out.writeBoolean(true);
            out.writeLong(20L);
            out.writeInt(4);
            out.writeInt(2);
            out.writeBoolean(false);
            out.writeBoolean(true);
            out.writeDouble(15.5);
            out.writeLong(30L);
        }

        assertThat(AlertStatusCodec.serde().deserializer().deserialize("alert-state", bytes.toByteArray()))
                .isEqualTo(new AlertStatus("m1", "ClockDrift", AlertState.FIRING, Severity.MEDIUM, 10L, 20L, 4, 2, null,
                        null, true, 15.5, 30L, AlertWorkflow.NONE));
    }

    @Test
    void aWorkflowRemembersTheLatestCommandsOnly() {
        AlertWorkflow w = AlertWorkflow.NONE;
        for (int i = 0; i < 40; i++) {
            w = w.remember("c-" + i, AlertCommandResult.Outcome.APPLIED, null);
        }

        assertThat(w.handled()).extracting(AlertWorkflow.Handled::commandId)
                .isEqualTo(IntStream.range(8, 40).mapToObj(i -> "c-" + i).toList());
        assertThat(w.handledBefore("c-7")).isEmpty();
        assertThat(w.handledBefore("c-8")).isPresent();
        final AlertStatus full = new AlertStatus("m1", "r", AlertState.FIRING, Severity.HIGH, 1L, 1L, 1, 0, 1L, null,
                true, 1, 1L, w);
        assertThat(AlertStatusCodec.serde().deserializer().deserialize("alert-state",
                AlertStatusCodec.serde().serializer().serialize("alert-state", full))).isEqualTo(full);
        assertThat(List.of(full.workflow().handled().size())).containsExactly(AlertWorkflow.REMEMBERED);
    }
}
