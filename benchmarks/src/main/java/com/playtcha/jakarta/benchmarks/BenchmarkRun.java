package com.playtcha.jakarta.benchmarks;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * The one command: runs the parts of the {@link Plan} (load, outage, memory, ledger, cluster, JMH) and writes the
 * report. From Maven (docs/benchmarks.md):
 *
 * <pre>{@code
 * ./mvnw -B -ntp -pl benchmarks -am -DskipTests -Pbenchmark verify
 * }</pre>
 *
 * It prints its estimated duration first; the {@code bench.*} system properties scale it (see
 * {@link Plan}). Load tests go to 127.0.0.1 only and every loop is bounded by time or count.
 */
public final class BenchmarkRun {

    /** Everything one run measured; a part that did not run is empty or {@code null}. */
    record Results(List<LoadBenchmark.Cell> cells, LoadBenchmark.Outage outage, MemoryBenchmark.Result memory,
            List<LedgerBenchmark.Result> ledger, ClusterBenchmark.Result cluster, List<Microbenchmarks.Score> micro,
            Instant started, Duration took) {
    }

    private BenchmarkRun() {
    }

    public static void main(String[] args) throws Exception {
        Plan plan = Plan.fromSystemProperties();
        run(plan, Microbenchmarks.ALL, System.out::println);
        System.out.println("Report: " + plan.report().toAbsolutePath());
    }

    /** Runs {@code plan}, JMH limited to the benchmarks {@code jmhInclude} matches, and writes the report. */
    static Results run(Plan plan, String jmhInclude, Consumer<String> progress) throws Exception {
        if (!ServerCost.supported()) {
            throw new IllegalStateException("this JVM does not count allocated bytes and CPU time per thread");
        }
        Duration estimate = plan.estimate();
        progress.accept(String.format("Benchmarks: %s; estimated %d min %02d s (plus JVM starts)", plan.parts(),
                estimate.toMinutes(), estimate.toSecondsPart()));
        Instant started = Instant.now();
        long start = System.nanoTime();
        LoadBenchmark.Results load = plan.runs("load") || plan.runs("outage")
                ? new LoadBenchmark(plan, progress).run()
                : new LoadBenchmark.Results(List.of(), null);
        MemoryBenchmark.Result memory = plan.runs("memory") ? new MemoryBenchmark(plan, progress).run() : null;
        List<LedgerBenchmark.Result> ledger = plan.runs("ledger") ? new LedgerBenchmark(plan, progress).run() : List.of();
        ClusterBenchmark.Result cluster = plan.runs("cluster") ? new ClusterBenchmark(plan, progress).run() : null;
        List<Microbenchmarks.Score> micro = plan.runs("jmh") ? Microbenchmarks.run(plan, jmhInclude) : List.of();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        progress.accept(String.format("Benchmarks took %d min %02d s", took.toMinutes(), took.toSecondsPart()));
        Results results = new Results(load.cells(), load.outage(), memory, ledger, cluster, micro, started, took);
        new Report(plan, results).write();
        return results;
    }
}
