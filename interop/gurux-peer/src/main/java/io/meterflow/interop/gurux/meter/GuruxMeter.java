package io.meterflow.interop.gurux.meter;

import java.io.IOException;
import java.util.List;

/**
 * A DLMS/COSEM meter built on Gurux DLMS for Java, for MeterFlow's interoperability tests: logical device name,
 * clock, energy/voltage/current/power registers with scaler and unit, a load profile (clock, AMR status, energy)
 * answering range and entry selective access, the invocation counter of security setup 1 readable by the public
 * client, and IDIS replay protection on the management client. Prints what it holds (registers, profile rows) and
 * every association and invocation counter decision on stdout, one line each.
 */
public final class GuruxMeter {

    private GuruxMeter() {
    }

    /** Runs until killed; exits with 2 on bad options, 1 when it cannot listen. */
    public static void main(String[] args) {
        final MeterOptions options;
        try {
            options = MeterOptions.parse(List.of(args));
        } catch (IllegalArgumentException e) {
            System.err.println("meter: " + e.getMessage());
            System.exit(2);
            return;
        }
        final MeterState state = new MeterState(options, System.currentTimeMillis());
        GuruxMeterServer.REGISTERS.forEach(r -> MeterOutput.line(r.describe()));
        state.rows(System.currentTimeMillis());
        try {
            new MeterListener(options, state).run();
        } catch (IOException e) {
            System.err.println("meter: cannot listen on port " + options.port() + ": " + e);
            System.exit(1);
        }
    }
}
