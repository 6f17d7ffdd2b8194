package io.meterflow.bench.push;

import io.meterflow.simulator.dlms.cosem.DateTimes;
import io.meterflow.simulator.dlms.push.PushApdus;
import io.meterflow.simulator.dlms.push.PushIdentity;
import org.openmuc.jdlms.datatypes.DataObject;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The pushes of one round, built before the clock starts (plain and ciphered alternately, IDIS shape: logical
 * device name, clock, two registers, one profile row, alarm register), and the senders that push them: each sender
 * owns a share of the meters and pushes their notifications in capture-time order, one TCP connection per push,
 * waiting for the acknowledgement as a meter does.
 */
final class PushLoad {

    static final byte[] ENCRYPTION_KEY = hex("000102030405060708090a0b0c0d0e0f");
    static final byte[] AUTHENTICATION_KEY = hex("0f0e0d0c0b0a09080706050403020100");

    private final List<List<byte[]>> framesByMeter;
    private final int pushes;

    private PushLoad(List<List<byte[]>> framesByMeter, int pushes) {
        this.framesByMeter = framesByMeter;
        this.pushes = pushes;
    }

    static String meterId(int i) {
        return (i % 2 == 0 ? "plain-" : "sealed-") + String.format("%05d", i);
    }

    static boolean ciphered(int i) {
        return i % 2 == 1;
    }

    /** {@code pushes} notifications for each of {@code meters} meters, capture times from {@code firstCapture}. */
    static PushLoad build(int meters, int pushes, long firstCapture) {
        final List<List<byte[]>> frames = new ArrayList<>();
        for (int m = 0; m < meters; m++) {
            final String id = meterId(m);
            final List<byte[]> own = new ArrayList<>();
            for (int k = 0; k < pushes; k++) {
                final long capture = firstCapture + k * 1_000L;
                final byte[] plain = PushApdus.dataNotification(k, DataObject.newStructureData(
                        DataObject.newOctetStringData(id.getBytes(StandardCharsets.US_ASCII)),
                        DateTimes.encode(capture),
                        DataObject.newUInteger32Data(1_000_000L + k * 10L),
                        DataObject.newUInteger32Data(50_000L + k),
                        DataObject.newArrayData(List.of(DataObject.newStructureData(DateTimes.encode(capture),
                                DataObject.newUInteger8Data((short) 0), DataObject.newUInteger32Data(1_000_000L + k)))),
                        DataObject.newUInteger32Data(0)));
                own.add(PushApdus.wrapperFrame(ciphered(m) ? PushApdus.generalGloCiphering(
                        PushIdentity.systemTitle(id), k + 1L, plain, ENCRYPTION_KEY, AUTHENTICATION_KEY) : plain));
            }
            frames.add(own);
        }
        return new PushLoad(frames, pushes);
    }

    int total() {
        return framesByMeter.size() * pushes;
    }

    /**
     * What a round measured: acknowledged pushes per second from 10 % to 90 % of the acknowledgements (so connection
     * start-up and the tail count for neither), and the CPU time per push over the whole round, of this JVM and of
     * the sender threads alone (the rest is the serving side: the listener, or the listener, Connect and Kafka), and
     * the JIT compilers' CPU per push within it (code still being compiled, not the steady state of a running
     * listener).
     */
    record Result(double pushesPerSecond, double processCpuMicrosPerPush, double senderCpuMicrosPerPush,
                  double jitMicrosPerPush, java.util.Map<String, Long> threadCpuNanos, int pushes) {

        /** Kinds of threads (not the senders) by CPU µs per push, largest first, those above {@code minMicros}. */
        String threadBreakdown(double minMicros) {
            return threadCpuNanos.entrySet().stream().filter(e -> !e.getKey().startsWith("push-sender"))
                    .filter(e -> e.getValue() / 1e3 / pushes >= minMicros)
                    .sorted(java.util.Map.Entry.<String, Long>comparingByValue().reversed())
                    .map(e -> String.format("%s %.0f", e.getKey(), e.getValue() / 1e3 / pushes))
                    .collect(java.util.stream.Collectors.joining(", "));
        }

        double serverCpuMicrosPerPush() {
            return processCpuMicrosPerPush - senderCpuMicrosPerPush;
        }
    }

    /** Pushes everything to {@code target} with {@code senders} threads. */
    Result run(InetSocketAddress target, int senders) throws InterruptedException {
        final int total = total();
        final AtomicLong acknowledged = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicLong senderCpuNanos = new AtomicLong();
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        final long processCpuBefore = processCpuNanos();
        final ThreadCpu threadsBefore = ThreadCpu.now();
        final long jitBefore = JitCpu.nanos();
        final long[] marks = new long[2];
        final CountDownLatch done = new CountDownLatch(senders);
        for (int s = 0; s < senders; s++) {
            final int sender = s;
            final Thread thread = new Thread(() -> {
                try {
                    for (int k = 0; k < pushes; k++) {
                        for (int m = sender; m < framesByMeter.size(); m += senders) {
                            while (!push(target, framesByMeter.get(m).get(k))) {
                                failed.incrementAndGet();
                            }
                            final long n = acknowledged.incrementAndGet();
                            if (n == total / 10) {
                                marks[0] = System.nanoTime();
                            } else if (n == total * 9L / 10) {
                                marks[1] = System.nanoTime();
                            }
                        }
                    }
                } finally {
                    senderCpuNanos.addAndGet(threads.getCurrentThreadCpuTime());
                    done.countDown();
                }
            }, "push-sender-" + s);
            thread.setDaemon(true);
            thread.start();
        }
        done.await();
        final long processCpu = processCpuNanos() - processCpuBefore;
        final java.util.Map<String, Long> threadCpu = ThreadCpu.now().since(threadsBefore);
        final long jit = JitCpu.nanos() - jitBefore;
        if (failed.get() > 0) {
            System.out.println("  (" + failed.get() + " pushes were not acknowledged at first and pushed again)");
        }
        return new Result((total * 0.8) / ((marks[1] - marks[0]) / 1e9), processCpu / 1e3 / total,
                senderCpuNanos.get() / 1e3 / total, jit / 1e3 / total, threadCpu, total);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static boolean push(InetSocketAddress target, byte[] frame) {
        try (Socket socket = new Socket()) {
            socket.connect(target, 10_000);
            socket.setSoTimeout(60_000);
            final OutputStream out = socket.getOutputStream();
            out.write(frame);
            out.flush();
            final byte[] ack = new byte[8];
            new DataInputStream(socket.getInputStream()).readFully(ack);
            return ack[7] == 0 && ack[6] == 0 && ack[1] == 1;
        } catch (IOException e) {
            return false;
        }
    }

    private static byte[] hex(String hex) {
        return java.util.HexFormat.of().parseHex(hex);
    }
}
