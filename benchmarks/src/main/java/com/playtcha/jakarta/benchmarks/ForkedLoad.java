package com.playtcha.jakarta.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The load cells in {@code bench.forks} fresh JVMs, one after the other, each running the warm-up and
 * every cell with {@code bench.rounds} rounds; a cell's rounds from every JVM are then pooled, and the
 * ratios the targets judge are medians over all of them.
 *
 * <p>Why fresh JVMs: on this machine the ratio of two variants moves more from one JVM to the next
 * than from one round to the next inside a JVM (what the JIT compiled and inlined, where the heap
 * landed); one JVM's nine rounds once put F, which is B plus its metrics, at 1.13 times B, which no
 * code difference explains, and the next two JVMs put it at 0.98 and 1.00. Rounds from several JVMs let
 * that spread into the median and its interval instead of deciding a verdict. JMH forks its
 * benchmarks for the same reason.
 *
 * <p>Each JVM gets this JVM's {@code -X} options, the plan's settings as system properties and a file
 * to write its cells to (Java serialization of {@link LoadBenchmark.Windows}: both ends are this
 * class path, and the file lives only for the run); what it prints becomes this run's progress,
 * indented. A JVM that fails ends the run with its exit code.
 */
final class ForkedLoad {

    private final Plan plan;
    private final Consumer<String> progress;

    ForkedLoad(Plan plan, Consumer<String> progress) {
        this.plan = plan;
        this.progress = progress;
    }

    /** Runs the JVMs and pools their cells. */
    List<LoadBenchmark.Cell> run() throws IOException, InterruptedException {
        List<List<LoadBenchmark.Windows>> jvms = new ArrayList<>();
        Path dir = Files.createTempDirectory("playtcha-bench-load");
        try {
            for (int jvm = 1; jvm <= plan.forks(); jvm++) {
                progress.accept(String.format("load JVM %d of %d", jvm, plan.forks()));
                jvms.add(runOne(dir.resolve("cells-" + jvm + ".ser")));
            }
        } finally {
            try (var files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(dir);
        }
        List<LoadBenchmark.Cell> cells = new ArrayList<>();
        for (int cell = 0; cell < jvms.get(0).size(); cell++) {
            int index = cell;
            cells.add(LoadBenchmark.Cell.of(LoadBenchmark.Windows.pooled(jvms.stream().map(j -> j.get(index)).toList()),
                    plan.forks()));
        }
        return cells;
    }

    private List<LoadBenchmark.Windows> runOne(Path cells) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream().filter(a -> a.startsWith("-X")).forEach(command::add);
        command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        plan.inOneJvm("load").settings().forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ForkedLoad.class.getName(), cells.toString()));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (BufferedReader output = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            output.lines().forEach(line -> progress.accept("  " + line));
        }
        int exit = child.waitFor();
        if (exit != 0) {
            throw new IllegalStateException("a load JVM exited with " + exit + ": " + String.join(" ", command));
        }
        try (InputStream file = Files.newInputStream(cells); ObjectInputStream in = new ObjectInputStream(file)) {
            @SuppressWarnings("unchecked")
            List<LoadBenchmark.Windows> windows = (List<LoadBenchmark.Windows>) in.readObject();
            return windows;
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("a load JVM wrote what this class path cannot read", e);
        }
    }

    /** One load JVM: the plan from the system properties, its cells into the file {@code args[0]}. */
    public static void main(String[] args) throws Exception {
        List<LoadBenchmark.Windows> cells = new LoadBenchmark(Plan.fromSystemProperties(), System.out::println).windows();
        try (OutputStream file = Files.newOutputStream(Path.of(args[0])); ObjectOutputStream out = new ObjectOutputStream(file)) {
            out.writeObject(new ArrayList<>(cells));
        }
    }
}
