package com.playtcha.jakarta.keycloak;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.playtcha.jakarta.testpostgres.TestPostgres;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real Keycloak: the registry's distribution, which the build unpacked into {@code target/} ({@code keycloak.home}), with
 * this module's provider jar ({@code keycloak.provider}) in {@code providers/} and the test realms
 * ({@code keycloak.realms}) in {@code data/import}, built ({@code kc.sh build}) once for every test of the build: a
 * marker holds the provider jar's digest, and a file lock keeps two JVMs from building at once. The build is for
 * PostgreSQL ({@code --db=postgres}), as a cluster's nodes run. Each server then starts from that build
 * ({@code start --optimized}) on the JDK of {@code keycloak.java.home}, the database its environment names
 * ({@code KC_DB_URL}: a second node of a cluster on the first one's) or else a new one of its own on the JVM's
 * {@link TestPostgres}, an ephemeral loopback port (read from its log) and the environment it is given (the SPI
 * options), and imports the realms (a realm the database has already is left as it is). Where that JDK is absent, the
 * tests are skipped, saying so.
 *
 * <p>The build and the servers run with {@code keycloak.jvm.flags} appended to Keycloak's own JVM options
 * ({@code JAVA_OPTS_APPEND}, which {@code kc.sh} reads): C1 alone by default, as the container runs' servers, since a test
 * server lives for a minute or two. Measured here: a build 34 to 38 s of CPU with the default compilers, 20 to 23 s with
 * C1 alone; a start 42 to 45 s and 27 to 31 s. {@code -Dkeycloak.jvm.flags=-XX:+TieredCompilation} gives them the default
 * compilers back.
 */
final class KeycloakServer implements AutoCloseable {

    /** What a start may take on a loaded machine (about 30 s on an idle one). */
    private static final Duration START = Duration.ofMinutes(5);
    private static final Pattern LISTENING = Pattern.compile("Listening on: (http://[^\\s,]+)");
    private static final AtomicInteger STARTED = new AtomicInteger();
    /** Appended to the JVM options of Keycloak's build and servers. */
    private static final String JVM_FLAGS = System.getProperty("keycloak.jvm.flags", "-XX:TieredStopAtLevel=1");

    private final Process process;
    private final URI url;
    private final Path log;

    private KeycloakServer(Process process, URI url, Path log) {
        this.process = process;
        this.url = url;
        this.log = log;
    }

    /** The Keycloak build, made if the provider jar changed since the last one; skips the test where the JDK is absent. */
    static Path built() throws IOException, InterruptedException {
        Path javaHome = Path.of(System.getProperty("keycloak.java.home", "/usr/lib/jvm/temurin-25-jdk-amd64"));
        assumeTrue(Files.isExecutable(javaHome.resolve("bin/java")), "Keycloak 26.7 runs on Java 21 or newer, and no such JDK is at "
                + javaHome + " (-Dkeycloak.java.home=...): the Keycloak tests are skipped");
        Path home = Path.of(System.getProperty("keycloak.home"));
        Path provider = Path.of(System.getProperty("keycloak.provider"));
        String digest = digest(provider);
        Path lockFile = home.resolve(".playtcha-build.lock");
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = channel.lock()) {
            Path marker = home.resolve(".playtcha-build");
            if (Files.exists(marker) && Files.readString(marker).equals(digest)) {
                return home;
            }
            Files.copy(provider, home.resolve("providers/playtcha-jakarta-keycloak.jar"), StandardCopyOption.REPLACE_EXISTING);
            long began = System.nanoTime();
            run(home, javaHome, List.of("build", "--db=postgres"), home.resolve("playtcha-build.log"));
            System.out.printf("Keycloak build: %d s%n", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - began));
            Files.writeString(marker, digest);
        }
        return home;
    }

    /**
     * A server of the build, its SPI options in {@code environment}, on the database of its {@code KC_DB_URL} (else a new
     * one); started when it says it listens.
     */
    static KeycloakServer start(Map<String, String> environment) throws IOException, InterruptedException {
        Path home = built();
        Map<String, String> database = environment.containsKey("KC_DB_URL") ? Map.of() : database();
        realms(home);
        Path javaHome = Path.of(System.getProperty("keycloak.java.home", "/usr/lib/jvm/temurin-25-jdk-amd64"));
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/kc.sh").toString(), "start", "--optimized",
                "--http-enabled=true", "--http-host=127.0.0.1", "--http-port=0", "--hostname-strict=false", "--cache=local",
                "--import-realm", "--proxy-headers=xforwarded"));
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", javaHome.toString());
        builder.environment().put("JAVA_OPTS_APPEND", JVM_FLAGS);
        builder.environment().putAll(database);
        builder.environment().putAll(environment);
        Path log = home.resolve("playtcha-server-" + STARTED.incrementAndGet() + ".log");
        long began = System.nanoTime();
        Process process = builder.start();
        CompletableFuture<URI> listening = new CompletableFuture<>();
        Thread reader = new Thread(() -> copy(process, log, listening), "keycloak-log");
        reader.setDaemon(true);
        reader.start();
        try {
            URI url = listening.get(START.toSeconds(), TimeUnit.SECONDS);
            System.out.printf("Keycloak start: %d s (%d s of CPU)%n", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - began),
                    cpu(process).toSeconds());
            return new KeycloakServer(process, url, log);
        } catch (ExecutionException | TimeoutException e) {
            stop(process);
            throw new IllegalStateException("Keycloak did not start; its log: " + log, e);
        }
    }

    /** A new, empty database on the JVM's PostgreSQL, as Keycloak's environment names it. */
    static Map<String, String> database() {
        return Map.of("KC_DB_URL", TestPostgres.get().database(), "KC_DB_USERNAME", "postgres");
    }

    /** The test realms, as they are now, where a starting server imports them ({@code data/import}). */
    private static void realms(Path home) throws IOException {
        Path imports = Files.createDirectories(home.resolve("data/import"));
        Path lockFile = home.resolve(".playtcha-build.lock");
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = channel.lock(); var realms = Files.list(Path.of(System.getProperty("keycloak.realms")))) {
            for (Path realm : realms.toList()) {
                Files.copy(realm, imports.resolve(realm.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** The server's base URL, like {@code http://127.0.0.1:41234}. */
    URI url() {
        return url;
    }

    /** Everything the server wrote so far (its console: Keycloak's log, the provider's lines among them). */
    String output() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        stop(process);
    }

    private static void stop(Process process) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The server's output into {@code log}; {@code listening} completes with its URL, or fails when it exits first. */
    private static void copy(Process process, Path log, CompletableFuture<URI> listening) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                out.println(line);
                Matcher matcher = LISTENING.matcher(line);
                if (matcher.find()) {
                    listening.complete(URI.create(matcher.group(1)));
                }
            }
        } catch (IOException e) {
            listening.completeExceptionally(e);
        }
        listening.completeExceptionally(new IllegalStateException("Keycloak exited before it listened"));
    }

    /** The CPU time {@code process} and its children used so far (zero where the system does not say). */
    private static Duration cpu(Process process) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(process.toHandle()), process.descendants())
                .map(p -> p.info().totalCpuDuration().orElse(Duration.ZERO)).reduce(Duration.ZERO, Duration::plus);
    }

    private static void run(Path home, Path javaHome, List<String> arguments, Path log) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/kc.sh").toString()));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("JAVA_HOME", javaHome.toString());
        builder.environment().put("JAVA_OPTS_APPEND", JVM_FLAGS);
        Process process = builder.start();
        Duration used = Duration.ZERO; // read while it runs: a finished process's CPU can no longer be read
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (!process.waitFor(1, TimeUnit.SECONDS) && System.nanoTime() < deadline) {
            Duration now = cpu(process);
            used = now.compareTo(used) > 0 ? now : used;
        }
        System.out.printf("kc.sh %s: at least %d s of CPU%n", arguments.get(0), used.toSeconds());
        if (process.isAlive() || process.exitValue() != 0) {
            stop(process);
            throw new IllegalStateException("kc.sh " + arguments + " failed; its log: " + log);
        }
    }

    private static String digest(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "KeycloakServer[" + url + "]";
    }
}
