package io.meterflow.local.chaos;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * How a fault suite run goes.
 *
 * @param runDir  where this run keeps the broker's data, every process's log, the journal and the report
 * @param rounds  how often the whole list of faults is applied ({@code --short}: once)
 * @param settle  steady load between two faults
 * @param databaseOutage how long PostgreSQL is unreachable
 */
record ChaosOptions(Path home, Path runDir, boolean shortRun, int rounds, Duration settle, Duration databaseOutage) {

    static final String USAGE = """
            usage: meterflow chaos [--short] [--rounds N] [--data-dir DIR]
              --short          one round of faults, about 6 minutes (the form CI runs)
              --rounds N       rounds of the whole fault list (default 3; --short: 1)
              --data-dir DIR   where runs are kept (default: .chaos under the repository); each run in its own
                               run-<time> directory with every process's log and report.txt
            """;

    static ChaosOptions parse(String[] args, Path home) {
        boolean shortRun = false;
        Integer rounds = null;
        Path dataDir = home.resolve(".chaos");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--short" -> shortRun = true;
                case "--rounds" -> rounds = positive(value(args, ++i, "--rounds"));
                case "--data-dir" -> dataDir = Path.of(value(args, ++i, "--data-dir"));
                default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'\n" + USAGE);
            }
        }
        final String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        return new ChaosOptions(home.toAbsolutePath().normalize(),
                dataDir.toAbsolutePath().normalize().resolve("run-" + stamp), shortRun,
                rounds != null ? rounds : shortRun ? 1 : 3,
                shortRun ? Duration.ofSeconds(5) : Duration.ofSeconds(30), Duration.ofSeconds(60));
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
        }
        return args[i];
    }

    private static int positive(String text) {
        try {
            final int n = Integer.parseInt(text);
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--rounds must be a whole number of at least 1, not '" + text + "'");
        }
    }
}
