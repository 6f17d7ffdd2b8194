package io.meterflow.connect.dlms.poll;

import io.meterflow.connect.dlms.meter.AuthMechanism;
import io.meterflow.connect.dlms.meter.MeterDefinition;
import io.meterflow.connect.dlms.meter.MeterTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A meter behind a gateway that answers the SNRM with something else than a UA with parameters: jDLMS 1.8.0 fails
 * on it with a runtime exception and leaves its socket open, which would lock every meter out of a gateway that
 * serves one connection at a time. The connector says what happened and closes the socket (a raw TCP peer here).
 */
class MeterConnectorHdlcTest {

    /** DM with F to client 16 from server 1/17, and a UA with F but no parameters (valid HDLC, fatal for jDLMS). */
    private static final byte[] DM = HexFormat.of().parseHex("7ea0082102231f10ea7e");
    private static final byte[] UA_WITHOUT_PARAMETERS = HexFormat.of().parseHex("7ea008210223737a437e");

    private ServerSocket gateway;
    private MeterConnector connector;

    @BeforeEach
    void start() throws IOException {
        gateway = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        connector = new MeterConnector(Executors.newCachedThreadPool(), new ConnectionRateLimiter(100),
                Duration.ofSeconds(5), Duration.ofSeconds(5), (meter, attempt) -> { });
    }

    @AfterEach
    void stop() throws IOException {
        connector.close();
        gateway.close();
    }

    @Test
    void aMeterRefusingTheLinkIsNamedAndTheGatewayConnectionClosed() throws Exception {
        final CompletableFuture<Boolean> closedByConnector = answerSnrmWith(DM);
        assertThatThrownBy(() -> connector.open(meter())).isInstanceOf(MeterProtocolException.class)
                .hasMessageContaining("meter gw-17: no HDLC link").hasMessageContaining("DM");
        assertThat(closedByConnector.get(10, TimeUnit.SECONDS)).as("socket closed by the connector").isTrue();
    }

    @Test
    void aUaWithoutParametersIsNamedAndTheGatewayConnectionClosed() throws Exception {
        final CompletableFuture<Boolean> closedByConnector = answerSnrmWith(UA_WITHOUT_PARAMETERS);
        assertThatThrownBy(() -> connector.open(meter())).isInstanceOf(MeterProtocolException.class)
                .hasMessageContaining("no UA with parameters");
        assertThat(closedByConnector.get(10, TimeUnit.SECONDS)).as("socket closed by the connector").isTrue();
    }

    private CompletableFuture<Boolean> answerSnrmWith(byte[] answer) {
        return CompletableFuture.supplyAsync(() -> {
            try (Socket socket = gateway.accept()) {
                socket.setSoTimeout(10_000);
                final InputStream in = socket.getInputStream();
                int flags = 0;
                while (flags < 2) { // the SNRM frame, flag to flag
                    if (in.read() == 0x7E) {
                        flags++;
                    }
                }
                socket.getOutputStream().write(answer);
                while (in.read() >= 0) {
                    // whatever the client still sends
                }
                return true;
            } catch (IOException timedOutStillOpen) {
                return false;
            }
        });
    }

    private MeterDefinition meter() {
        return new MeterDefinition("gw-17", "127.0.0.1", gateway.getLocalPort(), 1, 16, AuthMechanism.NONE, null,
                null, null, null).withTransport(MeterTransport.hdlc(17, 2030));
    }
}
