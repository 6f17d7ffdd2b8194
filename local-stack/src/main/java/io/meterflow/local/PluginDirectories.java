package io.meterflow.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The built connector plugins: every {@code connectors/<module>/target/plugin} directory. */
final class PluginDirectories {

    private PluginDirectories() {
    }

    static List<Path> find(Path home) {
        final Path connectors = home.resolve("connectors");
        if (!Files.isDirectory(connectors)) {
            return List.of();
        }
        try (Stream<Path> modules = Files.list(connectors)) {
            return modules.map(m -> m.resolve("target").resolve("plugin")).filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + connectors, e);
        }
    }
}
