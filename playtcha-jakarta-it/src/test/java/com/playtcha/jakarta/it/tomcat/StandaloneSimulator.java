package com.playtcha.jakarta.it.tomcat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The standalone simulator ({@code PlaytchaSimulator}'s {@code main}, what
 * {@code exec:java@simulator} runs) in a JVM of its own, on this test's class path, and the
 * settings it prints.
 */
final class StandaloneSimulator implements AutoCloseable {

    private static final String MAIN = "com.playtcha.jakarta.testing.PlaytchaSimulator";
    private static final Pattern TOKENS = Pattern.compile("^Tokens: (http://127\\.0\\.0\\.1:\\d+/) ");

    private final Process process;
    private final List<String> lines = new ArrayList<>();

    private StandaloneSimulator(Process process) {
        this.process = process;
    }

    /** Starts it with {@code args} and reads its banner, up to the line that says how to stop it. */
    static StandaloneSimulator start(List<String> args, Path stderr) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), MAIN));
        command.addAll(args);
        StandaloneSimulator simulator = new StandaloneSimulator(
                new ProcessBuilder(command).redirectError(stderr.toFile()).start());
        simulator.readBanner();
        return simulator;
    }

    private void readBanner() throws InterruptedException {
        BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    queue.add(line);
                }
            } catch (IOException ignored) {
                // the process ended; the deadline below reports it
            }
        }, "standalone-simulator-stdout");
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            String line = queue.poll(100, TimeUnit.MILLISECONDS);
            if (line != null) {
                lines.add(line);
                if (line.contains("Ctrl-C")) {
                    return;
                }
            }
        }
        throw new IllegalStateException("the simulator printed no banner within 60 s: " + lines);
    }

    /** What it printed, line by line, up to its banner's end. */
    List<String> lines() {
        return List.copyOf(lines);
    }

    /** The value of a {@code NAME=value} line. */
    String setting(String name) {
        return lines.stream().filter(l -> l.startsWith(name + "=")).map(l -> l.substring(name.length() + 1)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + name + "= line in " + lines));
    }

    /** The token page. */
    URI tokens() {
        return lines.stream().map(TOKENS::matcher).filter(Matcher::find).map(m -> URI.create(m.group(1))).findFirst()
                .orElseThrow(() -> new IllegalStateException("no Tokens: line in " + lines));
    }

    /** Ctrl-C: SIGTERM, which runs its shutdown hook. */
    @Override
    public void close() {
        process.toHandle().destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
