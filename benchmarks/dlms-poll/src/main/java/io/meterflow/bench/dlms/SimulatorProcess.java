package io.meterflow.bench.dlms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/** The simulated fleet in a child JVM (SimulatorMain), so the benchmark JVM measures the task alone. */
final class SimulatorProcess implements AutoCloseable {

    /** Where one simulated meter listens. */
    record Meter(String meterId, String host, int port) {
    }

    private final Process process;
    private final List<Meter> meters;

    private SimulatorProcess(Process process, List<Meter> meters) {
        this.process = process;
        this.meters = meters;
    }

    static SimulatorProcess start(String scenarioYaml) throws IOException, InterruptedException {
        final Path dir = Files.createTempDirectory("dlms-bench");
        final Path scenario = Files.writeString(dir.resolve("scenario.yaml"), scenarioYaml);
        final Path inventory = dir.resolve("inventory.json");
        final Process process = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx2g", "-cp", System.getProperty("java.class.path"), "io.meterflow.simulator.SimulatorMain",
                "--scenario", scenario.toString(), "--inventory-file", inventory.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroy, "simulator-stop"));
        final BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null && !line.startsWith("SIMULATOR_READY")) {
            // one line per meter; the inventory file has the same
        }
        if (line == null) {
            throw new IllegalStateException("simulator exited with " + process.waitFor());
        }
        final Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "simulator-stdout");
        drain.setDaemon(true);
        drain.start();
        final List<Meter> meters = new ArrayList<>();
        for (JsonNode m : new ObjectMapper().readTree(inventory.toFile()).path("dlms")) {
            meters.add(new Meter(m.path("meterId").asText(), m.path("host").asText(), m.path("port").asInt()));
        }
        return new SimulatorProcess(process, meters);
    }

    List<Meter> endpoints() {
        return meters;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }
}
