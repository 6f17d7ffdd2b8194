package io.meterflow.bench.push;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time of this JVM's live Java threads, by kind (the thread name with its numbers taken out, e.g. the push
 * listener's connection threads, Connect's task thread, the producer's I/O thread, the broker's request handlers),
 * so a round can say where the serving side's CPU went without a profiler attached.
 */
final class ThreadCpu {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Map<Long, Long> nanosById;
    private final Map<Long, String> kindById;

    private ThreadCpu(Map<Long, Long> nanosById, Map<Long, String> kindById) {
        this.nanosById = nanosById;
        this.kindById = kindById;
    }

    static ThreadCpu now() {
        final Map<Long, Long> nanos = new HashMap<>();
        final Map<Long, String> kinds = new HashMap<>();
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            final long cpu = THREADS.getThreadCpuTime(info.getThreadId());
            if (cpu >= 0) {
                nanos.put(info.getThreadId(), cpu);
                kinds.put(info.getThreadId(), kind(info.getThreadName()));
            }
        }
        return new ThreadCpu(nanos, kinds);
    }

    /** CPU nanoseconds per kind of thread since {@code before}; threads that ended meanwhile are not counted. */
    Map<String, Long> since(ThreadCpu before) {
        final Map<String, Long> byKind = new TreeMap<>();
        nanosById.forEach((id, nanos) -> byKind.merge(kindById.get(id),
                nanos - before.nanosById.getOrDefault(id, 0L), Long::sum));
        return byKind;
    }

    /** "dlms-push-conn-24871-17" and "dlms-push-conn-24871-3" are one kind: "dlms-push-conn". */
    static String kind(String name) {
        final String cut = name.contains(" | ") ? name.substring(0, name.indexOf(" | ")) : name;
        return cut.replaceAll("[-#]?\\d+", "").replaceAll("-+$", "");
    }
}
