package com.playtcha.jakarta.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The standalone simulator as a user runs it: {@code java PlaytchaSimulator ...} in a JVM of its
 * own, on this test's class path, read from its standard output.
 */
final class SimulatorProcess implements AutoCloseable {

    /**
     * How long a child JVM may take to say something: a guard against one that hangs, not a pace. Beside
     * four busy loops and other builds, a simulator's JVM printed nothing within 30 s (ClusterClaimsTest
     * saw child JVMs take over 60 s to start at load 46).
     */
    private static final long WAIT_SECONDS = 180;
    private static final Pattern MINT = Pattern.compile("^Tokens: (http://127\\.0\\.0\\.1:\\d+/) ");

    private final Process process;
    private final Path stderr;
    private final BlockingQueue<String> stdout = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();

    private SimulatorProcess(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), PlaytchaSimulator.class.getName()));
        command.addAll(List.of(args));
        Files.createDirectories(Path.of("target"));
        stderr = Files.createTempFile(Path.of("target"), "simulator-", ".err");
        process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        Thread reader = new Thread(this::readStdout, "simulator-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts one and waits for its banner (the line that says how to stop it). */
    static SimulatorProcess start(String... args) throws IOException, InterruptedException {
        SimulatorProcess simulator = new SimulatorProcess(args);
        simulator.awaitLine(line -> line != null && line.contains("Ctrl-C"));
        return simulator;
    }

    /** Runs one that is expected to exit by itself, and waits for that. */
    static SimulatorProcess exited(String... args) throws IOException, InterruptedException {
        SimulatorProcess simulator = new SimulatorProcess(args);
        assertTrue(simulator.process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS), "the simulator did not exit: " + simulator);
        simulator.awaitLine(line -> line == null);
        return simulator;
    }

    private void readStdout() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                stdout.add(line);
            }
        } catch (IOException e) {
            stdout.add("(stdout: " + e + ")");
        } finally {
            stdout.add("\0");
        }
    }

    /** Waits for a line (null: the end of the output) that {@code expected} accepts. */
    String awaitLine(Predicate<String> expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (System.nanoTime() < deadline) {
            String line = stdout.poll(100, TimeUnit.MILLISECONDS);
            String value = "\0".equals(line) ? null : line;
            if (line != null && value != null) {
                seen.add(line);
            }
            if (line != null && expected.test(value)) {
                return value;
            }
            if ("\0".equals(line)) {
                fail("the simulator's output ended first: " + this);
            }
        }
        return fail("no such line within " + WAIT_SECONDS + " s: " + this);
    }

    /** Standard output so far, line by line. */
    List<String> lines() {
        return List.copyOf(seen);
    }

    String stderr() {
        try {
            return Files.readString(stderr);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The value of a {@code NAME=value} line. */
    String setting(String name) {
        return seen.stream().filter(l -> l.startsWith(name + "=")).map(l -> l.substring(name.length() + 1)).findFirst()
                .orElseGet(() -> fail("no " + name + "= line: " + this));
    }

    URI apiUrl() {
        return URI.create(setting("PLAYTCHA_API_URL"));
    }

    /** The token page's address, from the line after the settings. */
    URI mintUrl() {
        return seen.stream().map(MINT::matcher).filter(Matcher::find).map(m -> URI.create(m.group(1))).findFirst()
                .orElseGet(() -> fail("no Tokens: line: " + this));
    }

    Process process() {
        return process;
    }

    /** Stops it as Ctrl-C would (SIGTERM: the shutdown hooks run), still reading what it prints. */
    @Override
    public void close() {
        process.toHandle().destroy(); // Process.destroy() would also close our end of its output
        try {
            if (!process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) { // its shutdown hooks, on a loaded machine
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "SimulatorProcess[alive=" + process.isAlive() + ", stdout=" + seen + ", stderr=" + stderr() + "]";
    }
}
