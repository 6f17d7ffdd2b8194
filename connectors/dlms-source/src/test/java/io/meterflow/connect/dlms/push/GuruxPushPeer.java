package io.meterflow.connect.dlms.push;

import io.meterflow.connect.dlms.GuruxPeerCommand;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Gurux DLMS push peer (module interop/gurux-peer, GPL-2.0) as a child JVM: Gurux never runs in this JVM. It
 * pushes as a Gurux-built meter does and prints what it sent per push; this reads those lines.
 */
final class GuruxPushPeer {

    /** One push as the peer reports it: what it sent, and how the listener answered (ACK, CLOSED, RESET, ...). */
    record Pushed(int number, long capturedAt, long importWh, long exportWh, long alarm, String invocationCounter,
                  byte[] bytes, String result) {
    }

    private GuruxPushPeer() {
    }

    /** Runs the peer with {@code options} (see io.meterflow.interop.gurux.push.PushPeer) until it is done. */
    static List<Pushed> run(int port, String... options) throws IOException, InterruptedException {
        return start(port, options).pushes();
    }

    /** A peer started, pushing; {@link #pushes()} waits until it is done. Peers of different meters may overlap. */
    static Running start(int port, String... options) throws IOException {
        final List<String> peerOptions = new ArrayList<>(List.of("--target", "127.0.0.1:" + port));
        peerOptions.addAll(List.of(options));
        // A meter in a zone with daylight saving: its date-times carry a deviation of -120 or -180 minutes.
        final List<String> command = GuruxPeerCommand.of("push", "Europe/Helsinki",
                List.of("-Xmx64m", "-XX:TieredStopAtLevel=1", "-Xshare:auto"), peerOptions);
        return new Running(new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    record Running(Process process) {

        /** What the peer pushed, once it ended. */
        List<Pushed> pushes() throws IOException, InterruptedException {
            final String output;
            try {
                output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the Gurux peer did not end: " + output);
                }
            } finally {
                process.destroyForcibly();
            }
            if (process.exitValue() != 0 || !output.contains("DONE")) {
                throw new IllegalStateException("the Gurux peer failed (exit " + process.exitValue() + "):\n"
                        + output);
            }
            return output.lines().filter(line -> line.startsWith("PUSH ")).map(GuruxPushPeer::pushed).toList();
        }
    }

    private static Pushed pushed(String line) {
        final String[] words = line.split(" ");
        final Map<String, String> fields = new HashMap<>();
        for (int i = 2; i < words.length; i++) {
            final int eq = words[i].indexOf('=');
            fields.put(words[i].substring(0, eq), words[i].substring(eq + 1));
        }
        return new Pushed(Integer.parseInt(words[1]), Long.parseLong(fields.get("capturedAt")),
                Long.parseLong(fields.get("importWh")), Long.parseLong(fields.get("exportWh")),
                Long.parseLong(fields.get("alarm")), fields.get("ic"), HexFormat.of().parseHex(fields.get("bytes")),
                fields.get("result"));
    }
}
