package com.playtcha.jakarta.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * What one benchmark run does and for how long. Every knob is a system property {@code bench.*}
 * (a blank value takes the default), so the full run scales from the command line:
 *
 * <pre>{@code
 * ./mvnw -B -ntp -pl benchmarks -am -DskipTests -Pbenchmark verify -Dbench.forks=2 -Dbench.memory.verifies=200000
 * }</pre>
 *
 * @param seconds         measured seconds per variant per round of a load cell
 * @param rounds          rounds per cell in each JVM of the load part; the variants take turns in each, in a rotated
 *                        order. The ratios the targets judge are medians over the rounds of every JVM
 *                        ({@link PairedRatio}): six or more in all give their interval 95% coverage
 * @param forks           JVMs the load part runs in, one after the other, each with the whole warm-up and every
 *                        cell ({@link ForkedLoad}); their rounds are pooled. 0: in this JVM
 * @param warmupSeconds   warm-up seconds per variant before each cell (and five times as much before the first)
 * @param latencies       Playtcha latencies injected into the simulator, in ms
 * @param clients         concurrent clients of the load generator
 * @param outageSeconds   how long each outage variant runs against a hung Playtcha
 * @param outageTimeout   the verify timeout of B and C during the outage
 * @param memoryVerifies  verifies between the two heap measurements of the memory run
 * @param memoryThreads   threads that verify in the memory run
 * @param jmhForks        JMH forks per microbenchmark (0: in this JVM)
 * @param jmhWarmups      JMH warm-up iterations
 * @param jmhIterations   JMH measured iterations
 * @param jmhTime         one JMH iteration
 * @param clusterAddresses client addresses the cluster part posts from (127.1.0.1 onwards; at most 512)
 * @param clusterRounds   windows per side in each cell of the cluster part, in this JVM ({@link ClusterBenchmark}):
 *                        each side runs them back to back, of {@code seconds} each
 * @param clusterPacedSeconds each window of the cluster part's paced cell (1,000 verifies/s), where round trips are
 *                        counted over the cluster side's {@code clusterRounds} windows
 * @param leaseTimeout    {@code lease-timeout} of the library's filters outside the outage (none: the library's default,
 *                        250 ms); a smoke run on a loaded machine, where a thread can wait that long for its turn, sets more
 * @param parts           which of load, outage, memory, ledger, cluster, jmh run (ledger: {@code seconds} per store
 *                        and pace)
 * @param report          the Markdown file written (the chart goes next to it as {@code latency.png})
 */
public record Plan(double seconds, int rounds, int forks, double warmupSeconds, List<Integer> latencies, List<Integer> clients,
        double outageSeconds, Duration outageTimeout, int memoryVerifies, int memoryThreads, int jmhForks,
        int jmhWarmups, int jmhIterations, Duration jmhTime, int clusterAddresses, int clusterRounds, double clusterPacedSeconds,
        Duration leaseTimeout, Set<String> parts,
        Path report) {

    /** The parts, in the order they run and the report lists them. */
    static final List<String> PART_ORDER = List.of("load", "outage", "memory", "ledger", "cluster", "jmh");
    static final Set<String> ALL_PARTS = Set.copyOf(PART_ORDER);

    /** The settings' names and defaults, in the order the report lists them. */
    static final Map<String, String> DEFAULTS = defaults();

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("bench.seconds", "2");
        d.put("bench.rounds", "3");
        d.put("bench.forks", "4");
        d.put("bench.warmup", "1");
        d.put("bench.latencies", "0,20");
        d.put("bench.clients", "1,16,64");
        d.put("bench.outage.seconds", "10");
        d.put("bench.outage.timeout", "1000");
        d.put("bench.memory.verifies", "1000000");
        d.put("bench.memory.threads", "32");
        d.put("bench.jmh.forks", "1");
        d.put("bench.jmh.warmups", "3");
        d.put("bench.jmh.iterations", "5");
        d.put("bench.jmh.time", "1000");
        d.put("bench.cluster.addresses", "256");
        d.put("bench.cluster.rounds", "6");
        d.put("bench.cluster.paced.seconds", "5");
        d.put("bench.lease-timeout", "");
        d.put("bench.parts", "load,outage,memory,ledger,cluster,jmh");
        d.put("bench.report", "REPORT.md");
        return Collections.unmodifiableMap(d);
    }

    public Plan {
        if (seconds <= 0 || rounds < 1 || forks < 0 || warmupSeconds < 0 || outageSeconds <= 0 || memoryVerifies < 0
                || memoryThreads < 1 || jmhForks < 0 || jmhWarmups < 0 || jmhIterations < 1 || clusterAddresses < 1
                || clusterAddresses > 512 || clusterRounds < 1 || clusterPacedSeconds <= 0
                || leaseTimeout != null && (leaseTimeout.isNegative() || leaseTimeout.isZero())) {
            throw new IllegalArgumentException("bench.* out of range: " + this);
        }
        latencies = List.copyOf(latencies);
        clients = List.copyOf(clients);
        parts = Set.copyOf(parts);
        if (!ALL_PARTS.containsAll(parts)) {
            throw new IllegalArgumentException("bench.parts: one or more of " + new TreeSet<>(ALL_PARTS) + ", got " + parts);
        }
    }

    /** The plan the system properties describe. */
    public static Plan fromSystemProperties() {
        return from(System::getProperty);
    }

    /** The plan {@code properties} describe; a missing or blank value takes the default. */
    public static Plan from(Function<String, String> properties) {
        Function<String, String> get = key -> {
            String value = properties.apply(key);
            return value == null || value.isBlank() ? DEFAULTS.get(key) : value.trim();
        };
        return new Plan(Double.parseDouble(get.apply("bench.seconds")), Integer.parseInt(get.apply("bench.rounds")),
                Integer.parseInt(get.apply("bench.forks")),
                Double.parseDouble(get.apply("bench.warmup")), ints(get.apply("bench.latencies")),
                ints(get.apply("bench.clients")), Double.parseDouble(get.apply("bench.outage.seconds")),
                Duration.ofMillis(Long.parseLong(get.apply("bench.outage.timeout"))),
                Integer.parseInt(get.apply("bench.memory.verifies")), Integer.parseInt(get.apply("bench.memory.threads")),
                Integer.parseInt(get.apply("bench.jmh.forks")), Integer.parseInt(get.apply("bench.jmh.warmups")),
                Integer.parseInt(get.apply("bench.jmh.iterations")),
                Duration.ofMillis(Long.parseLong(get.apply("bench.jmh.time"))),
                Integer.parseInt(get.apply("bench.cluster.addresses")), Integer.parseInt(get.apply("bench.cluster.rounds")),
                Double.parseDouble(get.apply("bench.cluster.paced.seconds")), millis(get.apply("bench.lease-timeout")),
                Set.copyOf(Arrays.asList(get.apply("bench.parts").split("\\s*,\\s*"))),
                Path.of(get.apply("bench.report")));
    }

    /** A number of milliseconds; none where blank. */
    private static Duration millis(String value) {
        return value.isEmpty() ? null : Duration.ofMillis(Long.parseLong(value));
    }

    private static List<Integer> ints(String list) {
        return Arrays.stream(list.split("\\s*,\\s*")).map(Integer::valueOf).toList();
    }

    boolean runs(String part) {
        return parts.contains(part);
    }

    /** Microbenchmarks in the JMH run. */
    static final int JMH_BENCHMARKS = 15;

    /** A load JVM's start: the JVM, the simulator, Jetty and the six filters, for the estimate only. */
    private static final double FORK_START_SECONDS = 3;

    /** Rough memory-run speed on 2 cores, for the estimate only. */
    private static final double MEMORY_VERIFIES_PER_SECOND = 8_000;

    /** How long the run should take, printed before it starts (JVM starts and set-up not included). */
    Duration estimate() {
        double total = 0;
        if (runs("load")) {
            int cells = latencies.size() * clients.size();
            int variants = Variant.values().length;
            double oneJvm = cells * variants * (rounds * seconds + warmupSeconds) + variants * warmupSeconds * 5;
            total += forks == 0 ? oneJvm : forks * (oneJvm + FORK_START_SECONDS);
        }
        if (runs("outage")) {
            total += 4 * outageSeconds + 2 * outageTimeout.toMillis() / 1000.0;
        }
        if (runs("memory")) {
            total += memoryVerifies / MEMORY_VERIFIES_PER_SECOND + 50_000 / MEMORY_VERIFIES_PER_SECOND + 2;
        }
        if (runs("ledger")) {
            // Three stores at two paces, PostgreSQL's start, then the database down at one pace (and its pool's waits on closing).
            total += 3 * 2 * (seconds + warmupSeconds) + 5 + (seconds + warmupSeconds) + 3;
        }
        if (runs("cluster")) {
            // Two sides: the warm-up (three contexts), then each cell and the two paced cells, and PostgreSQL's start.
            int cells = latencies.size() * clients.size();
            total += 3 * 5 * warmupSeconds + 2 * (cells * (warmupSeconds + clusterRounds * seconds)
                    + 2 * (warmupSeconds + clusterRounds * clusterPacedSeconds)) + 5;
        }
        if (runs("jmh")) {
            double perBenchmark = (jmhWarmups + jmhIterations) * jmhTime.toMillis() / 1000.0 + (jmhForks > 0 ? 1.5 : 0);
            total += JMH_BENCHMARKS * Math.max(1, jmhForks) * perBenchmark;
        }
        return Duration.ofSeconds(Math.round(total));
    }

    /** The command that repeats this run, with the settings that differ from the defaults. */
    String command() {
        StringBuilder command = new StringBuilder("./mvnw -B -ntp -pl benchmarks -am -DskipTests -Pbenchmark verify");
        Map<String, String> current = settings();
        current.forEach((key, value) -> {
            if (!key.equals("bench.report") && !value.equals(DEFAULTS.get(key))) {
                command.append(" -D").append(key).append('=').append(value);
            }
        });
        return command.toString();
    }

    /** This plan with only {@code part} to run, in this JVM: what each of {@link ForkedLoad}'s JVMs runs. */
    Plan inOneJvm(String part) {
        return new Plan(seconds, rounds, 0, warmupSeconds, latencies, clients, outageSeconds, outageTimeout, memoryVerifies,
                memoryThreads, jmhForks, jmhWarmups, jmhIterations, jmhTime, clusterAddresses, clusterRounds, clusterPacedSeconds, leaseTimeout,
                Set.of(part),
                report);
    }

    /** How many JVMs the load cells' rounds come from. */
    int loadJvms() {
        return Math.max(1, forks);
    }

    /** The settings as system properties would spell them. */
    Map<String, String> settings() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("bench.seconds", number(seconds));
        s.put("bench.rounds", Integer.toString(rounds));
        s.put("bench.forks", Integer.toString(forks));
        s.put("bench.warmup", number(warmupSeconds));
        s.put("bench.latencies", join(latencies));
        s.put("bench.clients", join(clients));
        s.put("bench.outage.seconds", number(outageSeconds));
        s.put("bench.outage.timeout", Long.toString(outageTimeout.toMillis()));
        s.put("bench.memory.verifies", Integer.toString(memoryVerifies));
        s.put("bench.memory.threads", Integer.toString(memoryThreads));
        s.put("bench.jmh.forks", Integer.toString(jmhForks));
        s.put("bench.jmh.warmups", Integer.toString(jmhWarmups));
        s.put("bench.jmh.iterations", Integer.toString(jmhIterations));
        s.put("bench.jmh.time", Long.toString(jmhTime.toMillis()));
        s.put("bench.cluster.addresses", Integer.toString(clusterAddresses));
        s.put("bench.cluster.rounds", Integer.toString(clusterRounds));
        s.put("bench.cluster.paced.seconds", number(clusterPacedSeconds));
        s.put("bench.lease-timeout", leaseTimeout == null ? "" : Long.toString(leaseTimeout.toMillis()));
        s.put("bench.parts", String.join(",", PART_ORDER.stream().filter(parts::contains).toList()));
        s.put("bench.report", report.toString());
        return s;
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    private static String join(List<Integer> values) {
        return String.join(",", values.stream().map(String::valueOf).toList());
    }
}
