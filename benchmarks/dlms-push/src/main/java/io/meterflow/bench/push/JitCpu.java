package io.meterflow.bench.push;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time of this JVM's JIT compiler threads (Linux: /proc/self/task/{@literal *}/stat, in clock ticks of 10 ms),
 * so a round can tell code still being compiled from the steady cost of a push. The compiler threads are not Java
 * threads, ThreadMXBean does not see them, and CompilationMXBean's total is wall time (it counts waiting for a core
 * on a loaded machine). 0 where /proc is not there.
 */
final class JitCpu {

    private static final long NANOS_PER_TICK = 10_000_000L;

    private JitCpu() {
    }

    static long nanos() {
        final Path tasks = Path.of("/proc/self/task");
        if (!Files.isDirectory(tasks)) {
            return 0;
        }
        try (Stream<Path> threads = Files.list(tasks)) {
            return threads.mapToLong(JitCpu::compilerTicks).sum() * NANOS_PER_TICK;
        } catch (IOException e) {
            return 0;
        }
    }

    /** utime + stime of a compiler thread (fields 14 and 15 of its stat line, after the name in parentheses). */
    private static long compilerTicks(Path thread) {
        try {
            final String stat = Files.readString(thread.resolve("stat"));
            final int nameEnd = stat.lastIndexOf(')');
            if (!stat.substring(stat.indexOf('(') + 1, nameEnd).contains("CompilerThre")) {
                return 0;
            }
            final String[] fields = stat.substring(nameEnd + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException gone) {
            return 0; // the thread ended meanwhile
        }
    }
}
