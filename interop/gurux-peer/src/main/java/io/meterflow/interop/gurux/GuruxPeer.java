package io.meterflow.interop.gurux;

import gurux.dlms.GXDLMSClient;

/**
 * Entry point of the Gurux-built DLMS peers that MeterFlow's interoperability tests start as a child process. The
 * first argument names the peer; the rest are its options.
 */
public final class GuruxPeer {

    private GuruxPeer() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            System.err.println("usage: GuruxPeer <peer> [options]; Gurux DLMS "
                    + GXDLMSClient.class.getPackage().getImplementationVersion());
            System.exit(2);
        }
        final String[] options = java.util.Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "meter" -> io.meterflow.interop.gurux.meter.GuruxMeter.main(options);
            case "push" -> io.meterflow.interop.gurux.push.PushPeer.main(options);
            default -> {
                System.err.println("unknown peer: " + args[0] + " (meter or push)");
                System.exit(2);
            }
        }
    }
}
