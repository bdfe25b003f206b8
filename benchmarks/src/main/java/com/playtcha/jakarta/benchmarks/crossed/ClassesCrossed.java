package com.playtcha.jakarta.benchmarks.crossed;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;

/**
 * How many of the library's classes one steady-state request runs code of ("classes crossed"), per
 * {@link Scenario}, and which: each scenario in a JVM of its own with the {@link CrossingAgent}, warmed
 * up, then one request recorded. Prints a markdown table and the classes. From Maven (docs/benchmarks.md):
 *
 * <pre>{@code
 * ./mvnw -B -ntp -q -pl benchmarks -am -DskipTests -Pcrossed verify
 * }</pre>
 *
 * The markdown goes to standard output, each scenario's progress to standard error;
 * {@code -Dcrossed.warmup=N} sets the warm-up requests (default {@value #DEFAULT_WARMUP}). What counts and
 * how loaders are told apart: {@link CrossingAgent}; the scenarios and the numbers before the login
 * path's rework: docs/benchmarks.md.
 */
public final class ClassesCrossed {

    static final int DEFAULT_WARMUP = 300;
    private static final int AT_ONCE = 2;
    /** Far beyond a scenario's few seconds; bounds a JVM that hangs. */
    private static final Duration JVM_TIMEOUT = Duration.ofMinutes(3);
    private static final String AGENT_JAR = "crossing-agent.jar";
    /**
     * The fail-open ledger's periodic pass ({@code playtcha-verifier-N-ledger}): it runs on its own
     * schedule, whether or not a request came, and only sometimes within the recorded one; what ran on it
     * alone is left out, so that one run counts as the next.
     */
    static final java.util.regex.Pattern LEDGER_PASS = java.util.regex.Pattern.compile("playtcha-verifier-\\d+-ledger");

    private ClassesCrossed() {
    }

    public static void main(String[] args) throws Exception {
        int warmup = Integer.getInteger("crossed.warmup", DEFAULT_WARMUP);
        List<Crossed> results = measure(Arrays.asList(Scenario.values()), warmup, System.err::println);
        System.out.print(markdown(results, warmup));
    }

    /** What one scenario's recorded request ran: each class ({@code loader-kind:class-name}) with its threads. */
    record Crossed(Scenario scenario, String requestThread, Map<String, Set<String>> classes) {

        int count() {
            return classes.size();
        }

        /** Classes per loader kind. */
        Map<String, Integer> perLoader() {
            Map<String, Integer> counts = new TreeMap<>();
            classes.keySet().forEach(key -> counts.merge(key.substring(0, key.indexOf(':')), 1, Integer::sum));
            return counts;
        }

        /** The class names, without their loader kind. */
        Set<String> names() {
            return classes.keySet().stream().map(key -> key.substring(key.indexOf(':') + 1)).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    /**
     * Runs each scenario in a JVM of its own, {@value #AT_ONCE} at a time (each is mostly one thread: the
     * visitor and the request it waits for); the results in the scenarios' order.
     */
    static List<Crossed> measure(List<Scenario> scenarios, int warmup, Consumer<String> progress) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("playtcha-crossed-agent-");
        ExecutorService jvms = Executors.newFixedThreadPool(AT_ONCE);
        try {
            Path agent = agentJar(dir);
            List<Future<Crossed>> running = new ArrayList<>();
            for (Scenario scenario : scenarios) {
                running.add(jvms.submit(() -> {
                    long start = System.nanoTime();
                    Crossed crossed = run(scenario, warmup, agent, dir.resolve(scenario.id() + ".txt"));
                    progress.accept(String.format(Locale.ROOT, "%s: %d classes (%.1f s)", scenario.id(), crossed.count(),
                            (System.nanoTime() - start) / 1e9));
                    return crossed;
                }));
            }
            List<Crossed> results = new ArrayList<>();
            for (Future<Crossed> result : running) {
                try {
                    results.add(result.get());
                } catch (ExecutionException e) {
                    throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
                }
            }
            return results;
        } finally {
            jvms.shutdownNow();
            jvms.awaitTermination(1, TimeUnit.MINUTES);
            ScenarioTomcat.delete(dir);
        }
    }

    /**
     * The agent's jar: a manifest that names {@link CrossingAgent} (found on the class path) and puts the
     * jar itself, which holds {@link Crossings} alone, on the bootstrap class path.
     */
    static Path agentJar(Path dir) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(new Attributes.Name("Premain-Class"), CrossingAgent.class.getName());
        manifest.getMainAttributes().put(new Attributes.Name("Boot-Class-Path"), AGENT_JAR);
        Path jar = dir.resolve(AGENT_JAR);
        String recorder = Crossings.class.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest);
                InputStream in = ClassesCrossed.class.getClassLoader().getResourceAsStream(recorder)) {
            out.putNextEntry(new JarEntry(recorder));
            in.transferTo(out);
            out.closeEntry();
        }
        return jar;
    }

    private static Crossed run(Scenario scenario, int warmup, Path agent, Path out) throws IOException, InterruptedException {
        // C1 only and one GC thread: a short JVM on two CPUs. Which methods run does not depend on the JIT.
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(java, "-javaagent:" + agent, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", System.getProperty("java.class.path"),
                ScenarioJvm.class.getName(), scenario.id(), Integer.toString(warmup), out.toString());
        Path log = out.resolveSibling(scenario.id() + ".log");
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean ended;
        try {
            ended = child.waitFor(JVM_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            child.destroyForcibly(); // another scenario failed: this one's JVM must not outlive the run
            throw e;
        }
        if (!ended) {
            child.destroyForcibly().waitFor();
            throw new IllegalStateException("scenario " + scenario.id() + " did not end in " + JVM_TIMEOUT + ":\n"
                    + Files.readString(log, StandardCharsets.UTF_8));
        }
        if (child.exitValue() != 0 || !Files.exists(out)) {
            throw new IllegalStateException("scenario " + scenario.id() + " exited with " + child.exitValue() + ":\n"
                    + Files.readString(log, StandardCharsets.UTF_8));
        }
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        String thread = lines.get(0).substring(lines.get(0).indexOf('\t') + 1);
        Map<String, Set<String>> classes = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            int tab = line.indexOf('\t');
            Set<String> threads = new TreeSet<>(Arrays.asList(line.substring(tab + 1).split(",")));
            if (!threads.stream().allMatch(t -> LEDGER_PASS.matcher(t).matches())) {
                classes.put(line.substring(0, tab), threads);
            }
        }
        return new Crossed(scenario, thread, classes);
    }

    /** The table (scenario, classes crossed, per loader kind) and each scenario's classes. */
    static String markdown(List<Crossed> results, int warmup) {
        Set<String> kinds = new TreeSet<>();
        results.forEach(r -> kinds.addAll(r.perLoader().keySet()));
        StringBuilder text = new StringBuilder();
        text.append("| Scenario | Classes crossed |");
        kinds.forEach(kind -> text.append(' ').append(kind).append(" |"));
        text.append("\n|---|---:|");
        kinds.forEach(kind -> text.append("---:|"));
        text.append('\n');
        for (Crossed r : results) {
            text.append("| ").append(r.scenario().title()).append(" (`").append(r.scenario().id()).append("`) | ")
                    .append(r.count()).append(" |");
            kinds.forEach(kind -> text.append(' ').append(r.perLoader().getOrDefault(kind, 0)).append(" |"));
            text.append('\n');
        }
        text.append(String.format(Locale.ROOT, "%nOne request each, after %d of the same; a class ran on the request's thread "
                + "unless another thread is named; what ran only on the ledger's periodic pass is left out.%n", warmup));
        for (Crossed r : results) {
            text.append(String.format(Locale.ROOT, "%n`%s` (%d):%n%n", r.scenario().id(), r.count()));
            r.classes().forEach((key, threads) -> {
                text.append("- `").append(key).append('`');
                if (!threads.contains(r.requestThread())) {
                    text.append(" (on ").append(String.join(", ", threads)).append(')');
                }
                text.append('\n');
            });
        }
        return text.toString();
    }
}
