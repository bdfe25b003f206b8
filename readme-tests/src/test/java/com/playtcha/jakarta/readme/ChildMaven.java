package com.playtcha.jakarta.readme;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A README command running in a child process from the repository's root, its output (stdout and
 * stderr together) in a file under {@code target/readme-commands/}, kept for reading when a test
 * fails. {@link #close()} stops it and every process it started, as Ctrl-C would.
 */
final class ChildMaven implements AutoCloseable {

    /** How long a command may take to build what it needs and start: the machine may be busy. */
    static final Duration START = Duration.ofMinutes(6);

    private final List<String> command;
    private final Path log;
    private final Process process;

    private ChildMaven(List<String> command, Path log, Process process) {
        this.command = command;
        this.log = log;
        this.process = process;
    }

    /**
     * What a child adds to a README command: no Javadoc and no SBOM, which this build made already from the
     * same sources (in a child they were most of its time: 159 of 183 s for the three commands, loaded), and the
     * record of this build's Javadoc kept (its {@code clean} execution would forget it, and .ci/deploy-check would
     * then build the Javadoc again). The commands' own work, compiling and running what the README shows, is
     * unchanged.
     */
    static final List<String> SKIPPED = List.of("-Dmaven.javadoc.skip=true", "-Dcyclonedx.skip=true", "-Dmaven.clean.skip=true");

    /**
     * Starts {@code words} (a README command, {@code ./mvnw} first) with this build's local
     * repository, offline if this build is, and without what {@link #SKIPPED} names.
     */
    static ChildMaven start(String name, List<String> words) throws IOException {
        List<String> command = new ArrayList<>(words);
        command.set(0, ReadmeCommands.ROOT.resolve("mvnw").toString());
        command.addAll(SKIPPED);
        String repository = System.getProperty("readme.maven.repo.local");
        if (repository != null && !repository.isBlank()) {
            command.add("-Dmaven.repo.local=" + repository);
        }
        if (Boolean.getBoolean("readme.maven.offline")) {
            command.add("-o");
        }
        Path log = Path.of("target", "readme-commands", name + ".log").toAbsolutePath();
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command).directory(ReadmeCommands.ROOT.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE)
                .start();
        process.getOutputStream().close();
        return new ChildMaven(command, log, process);
    }

    /** What it printed so far. */
    String output() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    /**
     * Waits until the output matches {@code pattern} and returns the match, or fails when the process
     * ends first or {@code timeout} passes, with the command and the end of its output.
     */
    Matcher await(Pattern pattern, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Matcher matcher = pattern.matcher(output());
            if (matcher.find()) {
                return matcher;
            }
            if (!process.isAlive()) {
                Matcher last = pattern.matcher(output()); // it may have printed just before it ended
                if (last.find()) {
                    return last;
                }
                throw failure("ended (exit " + process.exitValue() + ") without printing /" + pattern + "/");
            }
            if (System.nanoTime() > deadline) {
                throw failure("printed no /" + pattern + "/ within " + timeout);
            }
            Thread.sleep(250);
        }
    }

    /** Waits for the process to end on its own; returns its exit status. */
    int awaitExit(Duration timeout) throws IOException, InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw failure("did not end within " + timeout);
        }
        return process.exitValue();
    }

    /** Stops it as Ctrl-C would (SIGTERM runs the shutdown hooks); returns whether it ended in time. */
    boolean stop(Duration timeout) throws InterruptedException {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.forEach(ProcessHandle::destroy);
        process.destroy();
        boolean ended = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        for (ProcessHandle child : tree) {
            if (child.isAlive()) {
                child.destroyForcibly();
                ended = false;
            }
        }
        return ended;
    }

    /** A failure that names the command, says where its output is, and quotes the end of it. */
    AssertionError failure(String what) {
        String tail;
        try {
            List<String> lines = output().lines().toList();
            tail = String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            tail = "(unreadable: " + e + ")";
        }
        return new AssertionError(this + "\n" + what + "; its output is in " + log + ", ending with:\n" + tail);
    }

    @Override
    public String toString() {
        return String.join(" ", command);
    }

    @Override
    public void close() {
        try {
            if (process.isAlive() || process.descendants().anyMatch(ProcessHandle::isAlive)) {
                stop(Duration.ofSeconds(20));
            }
            if (process.isAlive()) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
