package io.meterflow.benchmarks.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs wrk (closed loop, as fast as it goes) and reads requests/s and p99 from its --latency report. */
final class Wrk {

    private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern P99 = Pattern.compile("\\s99%\\s+([0-9.]+)(us|ms|s)");

    /** @param luaRequest body of a wrk {@code request} function, or null for a fixed URL */
    static Result run(String url, String luaRequest, int seconds, int connections) throws IOException, InterruptedException {
        final List<String> command = new ArrayList<>(List.of("wrk", "-t2", "-c" + connections, "-d" + seconds + "s",
                "--latency"));
        if (luaRequest != null) {
            final Path script = Files.createTempFile("meterflow-wrk-", ".lua");
            Files.writeString(script, "request = function()\n" + luaRequest + "\nend\n");
            command.addAll(List.of("-s", script.toString()));
        }
        command.add(url);
        final Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(seconds + 60L, TimeUnit.SECONDS);
        final Matcher rps = RPS.matcher(out);
        final Matcher p99 = P99.matcher(out);
        if (!rps.find() || !p99.find()) {
            throw new IllegalStateException("Unexpected wrk output:\n" + out);
        }
        if (out.contains("Non-2xx")) {
            throw new IllegalStateException("wrk saw error responses:\n" + out);
        }
        final double value = Double.parseDouble(p99.group(1));
        final double p99Ms = switch (p99.group(2)) {
            case "us" -> value / 1000;
            case "s" -> value * 1000;
            default -> value;
        };
        return new Result(Double.parseDouble(rps.group(1)), p99Ms);
    }

    record Result(double requestsPerSecond, double p99Ms) {
        static final Result NONE = new Result(Double.NaN, Double.NaN);
    }
}
