package io.meterflow.local;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the local stack lives and listens. Defaults: the repository root as home, {@code .local/} as data
 * directory, Kafka on 9092, Connect REST on 8083, query-api on 8080.
 *
 * @param fresh delete the data directory first (a clean slate instead of resuming)
 */
public record LocalStackOptions(Path home, Path dataDir, int kafkaPort, int connectPort, int apiPort, boolean fresh) {

    public static final String USAGE = """
            usage: meterflow local [--fresh] [--data-dir DIR] [--kafka-port N] [--connect-port N] [--api-port N]
              --fresh         start from an empty data directory (topics, offsets and connector configs are lost)
              --data-dir DIR  where the broker and Connect keep their data (default: .local under the repository)
            """;

    public static LocalStackOptions parse(String[] args, Path home) {
        Path dataDir = home.resolve(".local");
        int kafkaPort = 9092;
        int connectPort = 8083;
        int apiPort = 8080;
        boolean fresh = false;
        for (int i = 0; i < args.length; i++) {
            final String arg = args[i];
            switch (arg) {
                case "--fresh" -> fresh = true;
                case "--data-dir" -> dataDir = Path.of(value(args, ++i, arg));
                case "--kafka-port" -> kafkaPort = port(value(args, ++i, arg), arg);
                case "--connect-port" -> connectPort = port(value(args, ++i, arg), arg);
                case "--api-port" -> apiPort = port(value(args, ++i, arg), arg);
                default -> throw new IllegalArgumentException("unknown option '" + arg + "'\n" + USAGE);
            }
        }
        return new LocalStackOptions(home.toAbsolutePath().normalize(), dataDir.toAbsolutePath().normalize(), kafkaPort,
                connectPort, apiPort, fresh);
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

    public boolean isRepository() {
        return Files.isRegularFile(home.resolve("pom.xml")) && Files.isDirectory(home.resolve("connectors"));
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
        }
        return args[i];
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
