package io.meterflow.observability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The alert and recording rules shipped in {@code observability/prometheus/rules}. A test may copy them with every
 * {@code for:} shortened so alerts fire within a test's time; the expressions stay exactly the shipped ones.
 */
final class ShippedRules {

    private static final Pattern FOR = Pattern.compile("(?m)^(\\s+for:\\s*)\\S+\\s*$");

    private ShippedRules() {
    }

    static Path directory(Path home) {
        return home.resolve("observability/prometheus/rules");
    }

    static List<Path> files(Path home) {
        try (Stream<Path> files = Files.list(directory(home))) {
            return files.filter(f -> f.toString().endsWith(".yml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies the rule files into {@code target}, every {@code for:} replaced by {@code pendingFor}. */
    static List<Path> copyWithPendingPeriod(Path home, Path target, String pendingFor) {
        try {
            Files.createDirectories(target);
            for (Path file : files(home)) {
                final String rules = Files.readString(file, StandardCharsets.UTF_8);
                Files.writeString(target.resolve(file.getFileName()),
                        FOR.matcher(rules).replaceAll("$1" + pendingFor), StandardCharsets.UTF_8);
            }
            return files(home).stream().map(f -> target.resolve(f.getFileName())).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
