package io.meterflow.connect.dlms;

import io.meterflow.connect.dlms.meter.AuthMechanism;
import io.meterflow.connect.dlms.poll.FailureClassifier;
import io.meterflow.connect.dlms.poll.FailureClassifier.Phase;
import io.meterflow.schema.ReadingStatus;
import org.junit.jupiter.api.Test;
import org.openmuc.jdlms.FatalJDlmsException;
import org.openmuc.jdlms.JDlmsException.ExceptionId;
import org.openmuc.jdlms.JDlmsException.Fault;
import org.openmuc.jdlms.ResponseTimeoutException;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.SocketException;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/** The failures jDLMS 1.8.0 actually raises (measured against the simulator, see docs/dlms.md). */
class FailureClassifierTest {

    @Test
    void classifiesWhatJdlmsRaises() {
        assertThat(FailureClassifier.classify(new ResponseTimeoutException("Connection timed out."), Phase.REQUEST,
                AuthMechanism.NONE)).isEqualTo(ReadingStatus.TIMEOUT);
        assertThat(FailureClassifier.classify(new FatalJDlmsException(ExceptionId.AUTHENTICATION_ERROR, Fault.USER,
                "AARE REJECTED_PERMANENT"), Phase.CONNECT, AuthMechanism.LOW)).isEqualTo(ReadingStatus.AUTH_FAILED);
        assertThat(FailureClassifier.classify(new FatalJDlmsException(ExceptionId.WRAPPER_HEADER_INVALID_VERSION,
                Fault.SYSTEM, "not 0x00"), Phase.REQUEST, AuthMechanism.NONE)).isEqualTo(ReadingStatus.PROTOCOL_ERROR);
        assertThat(FailureClassifier.classify(new FatalJDlmsException(ExceptionId.CONNECTION_ESTABLISH_ERROR,
                Fault.SYSTEM, "Timeout waiting for associate response message (AARE)."), Phase.CONNECT,
                AuthMechanism.NONE)).isEqualTo(ReadingStatus.TIMEOUT);
        assertThat(FailureClassifier.classify(new SocketException("Connection reset by peer"), Phase.CONNECT,
                AuthMechanism.NONE)).isEqualTo(ReadingStatus.UNREACHABLE);
        assertThat(FailureClassifier.classify(new SocketException("Broken pipe"), Phase.CONNECT,
                AuthMechanism.HLS5_GMAC)).isEqualTo(ReadingStatus.UNREACHABLE);
        assertThat(FailureClassifier.classify(new ConnectException("Connection refused"), Phase.CONNECT,
                AuthMechanism.NONE)).isEqualTo(ReadingStatus.UNREACHABLE);
        assertThat(FailureClassifier.classify(new TimeoutException("no association"), Phase.CONNECT,
                AuthMechanism.NONE)).isEqualTo(ReadingStatus.UNREACHABLE);
    }

    @Test
    void anHdlcMeterThatDoesNotAnswerTheSnrmTimesOutAnyOtherAnswerIsAProtocolError() {
        assertThat(FailureClassifier.classify(new FatalJDlmsException(ExceptionId.HDLC_CONNECTION_ESTABLISH_ERROR,
                Fault.SYSTEM, "Didn't receive answer in connection establish process."), Phase.CONNECT,
                AuthMechanism.NONE)).isEqualTo(ReadingStatus.TIMEOUT);
        assertThat(FailureClassifier.classify(new FatalJDlmsException(ExceptionId.HDLC_CONNECTION_ESTABLISH_ERROR,
                Fault.SYSTEM, "Received a DISCONNECT_MODE frame, while connecting. Connection has been shot down."),
                Phase.CONNECT, AuthMechanism.NONE)).isEqualTo(ReadingStatus.PROTOCOL_ERROR);
        assertThat(FailureClassifier.classify(new FatalJDlmsException(ExceptionId.HDLC_CONNECTION_ESTABLISH_ERROR,
                Fault.SYSTEM, "Received a FRAME_REJECT frame, while connecting. Connection has been shot down."),
                Phase.CONNECT, AuthMechanism.NONE)).isEqualTo(ReadingStatus.PROTOCOL_ERROR);
    }

    @Test
    void aConnectionDroppedDuringAnAuthenticatedAssociationIsAnAuthenticationFailure() {
        final EOFException dropped = new EOFException("Socket was closed by remote host.");
        assertThat(FailureClassifier.classify(dropped, Phase.CONNECT, AuthMechanism.HLS5_GMAC))
                .isEqualTo(ReadingStatus.AUTH_FAILED);
        assertThat(FailureClassifier.classify(dropped, Phase.CONNECT, AuthMechanism.NONE))
                .isEqualTo(ReadingStatus.PROTOCOL_ERROR);
        assertThat(FailureClassifier.classify(dropped, Phase.REQUEST, AuthMechanism.LOW))
                .isEqualTo(ReadingStatus.PROTOCOL_ERROR);
    }
}
