package com.playtcha.jakarta.benchmarks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs the JMH microbenchmarks of the hot paths that do not touch the network and reads their
 * results back: the classes of {@code com.playtcha.jakarta.benchmarks.micro}, and two in a library's
 * package. {@code FilterBenchmark} (an unguarded request, and a guarded one without the network) and
 * {@code DecisionBenchmark} use the public API; {@code ReplyMappingBenchmark} lives in the library's
 * internal HTTP package, whose {@code ReplyMapping} is package-private; {@code ClientBudgetBenchmark}
 * spends from this node's {@code ClientBudgets} ({@code BenchmarkCounts}, in the internal budget package),
 * and {@code SharedBudgetBenchmark} from the cluster module's {@code SharedBudgets} on the embedded PostgreSQL. Each runs on one thread unless its
 * class says {@code @Threads} (the budget's, to show contention). {@code SpringLoginBenchmark} lives in the Spring
 * Boot starter's servlet login package, whose guard and bean post-processor it builds; {@code QuarkusLoginBenchmark}
 * in the Quarkus login guard's, whose package-private constructor it calls (no CDI container there).
 */
final class Microbenchmarks {

    /** Every microbenchmark of this module. */
    static final String ALL = "com\\.playtcha\\.jakarta\\.(benchmarks\\.micro|internal\\.http|spring\\.security\\.servlet|quarkus)\\..*Benchmark\\..*";

    /**
     * One benchmark's result.
     *
     * @param name        class and method, like {@code FilterBenchmark.unguardedGet}
     * @param nanos       average time per operation
     * @param error       the 99.9% confidence half-width JMH reports (NaN with a single iteration)
     * @param bytesPerOp  bytes allocated per operation (JMH's GC profiler)
     */
    record Score(String name, double nanos, double error, double bytesPerOp) {
    }

    private Microbenchmarks() {
    }

    static List<Score> run(Plan plan, String include) throws RunnerException {
        Options options = new OptionsBuilder()
                .include(include)
                .forks(plan.jmhForks())
                .warmupIterations(plan.jmhWarmups())
                .warmupTime(TimeValue.milliseconds(plan.jmhTime().toMillis()))
                .measurementIterations(plan.jmhIterations())
                .measurementTime(TimeValue.milliseconds(plan.jmhTime().toMillis()))
                .timeUnit(TimeUnit.NANOSECONDS)
                .addProfiler(GCProfiler.class)
                // Not the harness JVM's own options (its heap is sized for the load run).
                .jvmArgs("-Xms256m", "-Xmx256m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn")
                .shouldFailOnError(true)
                .verbosity(plan.jmhForks() == 0 ? VerboseMode.SILENT : VerboseMode.NORMAL)
                .build();
        Collection<RunResult> results = new Runner(options).run();
        List<Score> scores = new ArrayList<>();
        for (RunResult result : results) {
            BenchmarkParams params = result.getParams();
            String[] parts = params.getBenchmark().split("\\.");
            String name = parts[parts.length - 2] + "." + parts[parts.length - 1];
            Result<?> primary = result.getPrimaryResult();
            scores.add(new Score(name, primary.getScore(), primary.getScoreError(), allocation(result)));
        }
        scores.sort(Comparator.comparing(Score::name));
        return scores;
    }

    private static double allocation(RunResult result) {
        for (String key : List.of("gc.alloc.rate.norm", "·gc.alloc.rate.norm")) {
            Result<?> r = result.getSecondaryResults().get(key);
            if (r != null) {
                return r.getScore();
            }
        }
        return Double.NaN;
    }
}
