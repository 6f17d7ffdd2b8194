package io.meterflow.simulator.dlms.hdlc;

import java.io.IOException;

/** Where a station's frames go: the bus, i.e. the gateway's current TCP connection. */
interface FrameSink {

    void send(HdlcFrame frame) throws IOException;
}
