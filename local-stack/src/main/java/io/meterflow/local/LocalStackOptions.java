package io.meterflow.local;

import java.nio.file.Path;

/**
 * Where the local stack lives and listens. Defaults: the repository root as home, {@code .local/} as data
 * directory, Kafka on 9092, Connect REST on 8083, query-api on 8080.
 *
 * @param fresh delete the data directory first (a clean slate instead of resuming)
 */
public record LocalStackOptions(Path home, Path dataDir, int kafkaPort, int connectPort, int apiPort, int streamsPort,
                                boolean fresh,
                                String dbHostPort, String dbName, String dbUser, String mqttBroker, Path scenario,
                                boolean simulator) {

    public static final String USAGE = """
            usage: meterflow local [--fresh] [--data-dir DIR] [--kafka-port N] [--connect-port N] [--api-port N]
                                   [--streams-port N] [--db NAME] [--mqtt-broker URI] [--scenario FILE] [--no-simulator]
              --fresh          start from nothing: empty data directory and a new database
              --data-dir DIR   where the broker and Connect keep their data (default: .local under the repository)
              --db NAME        read-model database on the local PostgreSQL (default: meterflow)
              --mqtt-broker URI  broker of the MQTT meters and connector (default: tcp://localhost:1883)
              --scenario FILE  simulated fleet (default: simulator/scenarios/local.yaml)
              --no-simulator   do not start the simulated fleet
            """;

    public static LocalStackOptions parse(String[] args, Path home) {
        Path dataDir = home.resolve(".local");
        int kafkaPort = 9092;
        int connectPort = 8083;
        int apiPort = 8080;
        int streamsPort = 8081;
        boolean fresh = false;
        String dbName = "meterflow";
        Path scenario = home.resolve("simulator/scenarios/local.yaml");
        boolean simulator = true;
        String mqttBroker = "tcp://localhost:1883";
        for (int i = 0; i < args.length; i++) {
            final String arg = args[i];
            switch (arg) {
                case "--fresh" -> fresh = true;
                case "--data-dir" -> dataDir = Path.of(value(args, ++i, arg));
                case "--kafka-port" -> kafkaPort = port(value(args, ++i, arg), arg);
                case "--connect-port" -> connectPort = port(value(args, ++i, arg), arg);
                case "--api-port" -> apiPort = port(value(args, ++i, arg), arg);
                case "--streams-port" -> streamsPort = port(value(args, ++i, arg), arg);
                case "--db" -> dbName = identifier(value(args, ++i, arg), arg);
                case "--scenario" -> scenario = Path.of(value(args, ++i, arg));
                case "--no-simulator" -> simulator = false;
                case "--mqtt-broker" -> mqttBroker = value(args, ++i, arg);
                default -> throw new IllegalArgumentException("unknown option '" + arg + "'\n" + USAGE);
            }
        }
        return new LocalStackOptions(home.toAbsolutePath().normalize(), dataDir.toAbsolutePath().normalize(), kafkaPort,
                connectPort, apiPort, streamsPort, fresh, "127.0.0.1:5432", dbName, "postgres", mqttBroker,
                scenario.toAbsolutePath().normalize(), simulator);
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + dbHostPort + "/" + dbName;
    }

    public Path kafkaDir() {
        return dataDir.resolve("kafka");
    }

    public Path logDir() {
        return dataDir.resolve("logs");
    }

    /** Connector configs to register: {@code local-stack/connectors/*.json}. */
    public Path connectorConfigDir() {
        return home.resolve("local-stack").resolve("connectors");
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
        }
        return args[i];
    }

    private static String identifier(String text, String option) {
        if (!text.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException(option + " must be a lower-case SQL identifier, not '" + text + "'");
        }
        return text;
    }

    private static int port(String text, String option) {
        try {
            final int port = Integer.parseInt(text);
            if (port < 0 || port > 65_535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a port number (0-65535), not '" + text + "'");
        }
    }
}
