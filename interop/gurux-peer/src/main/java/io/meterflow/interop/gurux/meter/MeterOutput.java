package io.meterflow.interop.gurux.meter;

/** Lines on stdout, one event each, for the tests that run this meter: never interleaved, flushed at once. */
final class MeterOutput {

    private MeterOutput() {
    }

    static synchronized void line(String text) {
        System.out.println(text);
        System.out.flush();
    }
}
