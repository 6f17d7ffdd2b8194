package io.meterflow.connect.dlms;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line that runs one of the Gurux DLMS peers (module interop/gurux-peer, GPL-2.0) in its own JVM: Gurux
 * never joins the class path of a MeterFlow JVM, the tests talk to the peer over TCP and its stdout only.
 */
public final class GuruxPeerCommand {

    private static final Path PEER = Path.of("..", "..", "interop", "gurux-peer", "target").toAbsolutePath().normalize();

    private GuruxPeerCommand() {
    }

    /**
     * @param peer        the peer's name, {@code meter} or {@code push} (its package in interop/gurux-peer)
     * @param timeZone    the JVM's default time zone: the meter's local time, which its date-times carry
     * @param jvmOptions  heap and compiler options of the child JVM
     * @param peerOptions the peer's own options
     * @throws IllegalStateException naming the module when interop/gurux-peer is not built
     */
    public static List<String> of(String peer, String timeZone, List<String> jvmOptions, List<String> peerOptions) {
        final Path classes = PEER.resolve("classes");
        final Path lib = PEER.resolve("peer-lib");
        if (!Files.isRegularFile(classes.resolve("io/meterflow/interop/gurux/GuruxPeer.class"))
                || !Files.isDirectory(classes.resolve("io/meterflow/interop/gurux/" + peer))
                || !Files.isDirectory(lib)) {
            throw new IllegalStateException("interop/gurux-peer is not built (" + PEER + " lacks classes/ or "
                    + "peer-lib/): build module interop/gurux-peer first (./mvnw -B -pl interop/gurux-peer package)");
        }
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-Duser.timezone=" + timeZone);
        command.addAll(List.of("-cp", classes + File.pathSeparator + lib.resolve("*"),
                "io.meterflow.interop.gurux.GuruxPeer", peer));
        command.addAll(peerOptions);
        return command;
    }
}
