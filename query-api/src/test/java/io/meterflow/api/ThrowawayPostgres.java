package io.meterflow.api;

import io.meterflow.kafka.embedded.FreePorts;
import io.meterflow.testing.postgres.TestDatabase;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of this test's own (initdb + pg_ctl in a temp dir, on a free port) that the test may stop
 * and start, so the machine's shared server is never touched. initdb refuses to run as root: as root, the
 * server runs as the {@code postgres} system user via runuser.
 */
final class ThrowawayPostgres implements AutoCloseable {

    private static final Path BIN = Path.of(System.getProperty("meterflow.test.postgres.bin",
            "/usr/lib/postgresql/15/bin"));
    private static final String OS_USER = "postgres";

    private final Path dir;
    private final int port;

    private ThrowawayPostgres(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    static ThrowawayPostgres start() {
        try {
            final Path dir = Files.createTempDirectory("meterflow-pg-");
            if (asRoot()) {
                final UserPrincipal owner = dir.getFileSystem().getUserPrincipalLookupService()
                        .lookupPrincipalByName(OS_USER);
                Files.setOwner(dir, owner);
            }
            final ThrowawayPostgres pg = new ThrowawayPostgres(dir, FreePorts.onLoopback());
            pg.run(List.of(BIN.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-A", "trust",
                    "-U", "postgres", "-E", "UTF8", "--no-sync"));
            pg.startServer();
            return pg;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare a throwaway PostgreSQL", e);
        }
    }

    TestDatabase createDatabase(String name) {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("CREATE DATABASE " + name + ": " + e.getMessage(), e);
        }
        return new TestDatabase("127.0.0.1", port, name, "postgres", "");
    }

    /** Starts the server (again) and waits until it accepts connections. */
    void startServer() {
        run(List.of(BIN.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-l",
                dir.resolve("server.log").toString(), "-w", "-t", "60", "-o",
                "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off", "start"));
    }

    /** Stops the server the hard way: connections drop, nothing is flushed politely (crash recovery on start). */
    void crash() {
        run(List.of(BIN.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate",
                "-w", "stop"));
    }

    @Override
    public void close() {
        try {
            crash();
        } catch (RuntimeException alreadyStopped) {
            // nothing to stop
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp dir left behind is harmless
        }
    }

    private void run(List<String> command) {
        final List<String> full = new ArrayList<>();
        if (asRoot()) {
            full.addAll(List.of("runuser", "-u", OS_USER, "--"));
        }
        full.addAll(command);
        try {
            final Path log = dir.resolve("commands.log");
            final Process p = new ProcessBuilder(full).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            if (!p.waitFor(90, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", full) + " failed; see " + log + ":\n"
                        + Files.readString(log));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + full, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean asRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
