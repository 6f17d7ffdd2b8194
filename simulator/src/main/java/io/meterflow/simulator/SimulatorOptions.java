package io.meterflow.simulator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of {@link SimulatorMain}.
 *
 * @param inventoryFile where to write the JSON inventory of the fleet (null: do not write)
 * @param jdbcUrl       PostgreSQL database whose meter_inventory table receives the fleet (null: do not upsert)
 * @param pushTargets   listener addresses (host:port) of the PUSH meters, empty when the scenario has none
 * @param journal       where to record what the meters served and published (null: nowhere)
 * @param mqttResumeDelay how long MQTT meters hold back after a reconnect, keeping what they could not publish
 *                      (zero: no hold-back, publications missed while disconnected are dropped)
 */
record SimulatorOptions(Path scenario, long startMs, String host, Duration capturePeriod, int profileHistoryRows,
                        Path inventoryFile, String jdbcUrl, String jdbcUser, String jdbcPassword, String mqttBroker,
                        List<String> pushTargets, Path journal, Duration mqttResumeDelay) {

    static final String USAGE = """
            Usage: java -jar meterflow-simulator-all.jar --scenario <file.yaml> [options]
              --scenario <file>          scenario YAML (see docs/dlms.md and docs/simulator.md)
              --start-ms <epoch ms>      true time at which scenario times start (default: now)
              --host <address>           address the DLMS meters listen on (default 127.0.0.1; each meter a free port)
              --capture-period <ISO-8601> load-profile capture period (default PT15M)
              --profile-history-rows <n> rows each load profile holds back from now (default 96)
              --inventory-file <file>    write where every meter listens, as JSON
              --jdbc-url <url>           upsert the fleet into meter_inventory of this PostgreSQL database
              --jdbc-user <user>         (default postgres)
              --jdbc-password <password> (default: none; or env MF_SIMULATOR_JDBC_PASSWORD)
              --mqtt-broker <uri>        broker of the MQTT meters (default tcp://localhost:1883)
              --push-target <host:port>  DLMS push listener of the PUSH meters; several separated by commas
                                         (meter i pushes to target i mod n)
              --journal <file>           record every MQTT publication the broker acknowledged and every energy
                                         reading and load-profile row a DLMS meter served (see ServedJournal)
              --mqtt-resume-delay <ISO-8601> MQTT meters keep what they cannot publish and, after a reconnect, wait
                                         this long before publishing again (default PT0S: no hold-back)
            """;

    static SimulatorOptions parse(String[] args) {
        Path scenario = null;
        long startMs = System.currentTimeMillis();
        String host = "127.0.0.1";
        Duration capture = Duration.ofMinutes(15);
        int history = 96;
        Path inventory = null;
        String url = null;
        String user = "postgres";
        String password = System.getenv("MF_SIMULATOR_JDBC_PASSWORD");
        String mqtt = "tcp://localhost:1883";
        List<String> pushTargets = List.of();
        Path journal = null;
        Duration resumeDelay = Duration.ZERO;
        final List<String> rest = new ArrayList<>(List.of(args));
        while (!rest.isEmpty()) {
            final String option = rest.remove(0);
            if (rest.isEmpty()) {
                throw new IllegalArgumentException("option " + option + " needs a value\n" + USAGE);
            }
            final String value = rest.remove(0);
            try {
                switch (option) {
                    case "--scenario" -> scenario = Path.of(value);
                    case "--start-ms" -> startMs = Long.parseLong(value);
                    case "--host" -> host = value;
                    case "--capture-period" -> capture = Duration.parse(value);
                    case "--profile-history-rows" -> history = Integer.parseInt(value);
                    case "--inventory-file" -> inventory = Path.of(value);
                    case "--jdbc-url" -> url = value;
                    case "--jdbc-user" -> user = value;
                    case "--jdbc-password" -> password = value;
                    case "--mqtt-broker" -> mqtt = value;
                    case "--push-target" -> pushTargets = List.of(value.split(","));
                    case "--journal" -> journal = Path.of(value);
                    case "--mqtt-resume-delay" -> resumeDelay = Duration.parse(value);
                    default -> throw new IllegalArgumentException("unknown option " + option + "\n" + USAGE);
                }
            } catch (RuntimeException e) {
                if (e instanceof IllegalArgumentException && e.getMessage() != null && e.getMessage().contains("Usage")) {
                    throw e;
                }
                throw new IllegalArgumentException("bad value '" + value + "' for " + option + ": " + e.getMessage(), e);
            }
        }
        if (scenario == null) {
            throw new IllegalArgumentException("--scenario is required\n" + USAGE);
        }
        return new SimulatorOptions(scenario, startMs, host, capture, history, inventory, url, user, password, mqtt,
                pushTargets, journal, resumeDelay);
    }
}
