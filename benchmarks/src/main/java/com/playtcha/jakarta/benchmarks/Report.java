package com.playtcha.jakarta.benchmarks;

import com.playtcha.jakarta.benchmarks.micro.ClientBudgetBenchmark;
import com.playtcha.jakarta.benchmarks.micro.SharedBudgetBenchmark;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * Writes {@code REPORT.md} and {@code latency.png} next to it from one run's results. Every number
 * in them comes from that run; the prose around them is fixed, or chosen by the figures.
 */
final class Report {

    static final String CIRCUIT_OPEN = "unavailable circuit_open";
    static final String TIMEOUT = "unavailable timeout";
    static final String CHART = "latency.png";

    private final Plan plan;
    private final BenchmarkRun.Results results;
    private final Markdown md = new Markdown();

    Report(Plan plan, BenchmarkRun.Results results) {
        this.plan = plan;
        this.results = results;
    }

    /** Writes the report (and the chart, when the load part ran); returns the report's path. */
    Path write() throws IOException {
        Path file = plan.report().toAbsolutePath();
        Files.createDirectories(file.getParent());
        boolean chart = !results.cells().isEmpty();
        if (chart) {
            LatencyChart.write(results.cells(), file.resolveSibling(CHART));
        }
        header();
        targets();
        new LoadReport(md, plan, results.cells()).write(chart);
        outage();
        memory();
        LedgerBenchmark.report(md, results.ledger());
        ClusterBenchmark.report(md, plan, results.cluster());
        micro();
        method();
        Files.writeString(file, md.toString(), StandardCharsets.UTF_8);
        return file;
    }

    private void line(String format, Object... args) {
        md.line(format, args);
    }

    private void header() {
        line("# Benchmarks: playtcha-jakarta against what a user would write instead");
        line("");
        line("Written by `com.playtcha.jakarta.benchmarks.BenchmarkRun`; every figure below comes from the run that wrote this file.");
        line("");
        line("| | |");
        line("|---|---|");
        line("| Date | %s (took %d min %02d s) |", DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(
                results.started().truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC)) + " UTC",
                results.took().toMinutes(), results.took().toSecondsPart());
        line("| Machine | %d CPUs, %s %s (%s); load average at the end %s |", Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"), System.getProperty("os.version"), System.getProperty("os.arch"), loadAverage());
        line("| JVM | %s %s, max heap %d MB; %s |", System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
                Runtime.getRuntime().maxMemory() / (1024 * 1024), ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                        .filter(a -> a.startsWith("-X")).toList());
        line("| Command | `%s` |", plan.command());
        line("| Settings | %s |", String.join(", ", plan.settings().entrySet().stream()
                .filter(e -> !e.getKey().equals("bench.report")).map(e -> e.getKey() + "=" + e.getValue()).toList()));
        line("");
    }

    private static String loadAverage() {
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return load < 0 ? "unknown" : String.format(Locale.ROOT, "%.2f", load);
    }

    private void targets() {
        line("## Targets");
        line("");
        line("| Target | Verdict | Figures |");
        line("|---|---|---|");
        for (Targets.Target target : Targets.judge(results)) {
            String verdict = switch (target.verdict()) {
                case MET -> "met";
                case NOT_MET -> "**not met**";
                case NOT_MEASURED -> "not measured";
                case REPORTED -> "reported";
            };
            line("| %s | %s | %s |", target.name(), verdict, target.figures());
        }
        line("");
        line("Where a target is not met, the sections below show the figures it was judged on; the variants run in the same");
        line("JVM on the same cores as the simulator and the load generator, so at 0 ms the CPU each request costs decides");
        line("throughput, while at 20 ms the connection pool and Little's law do.");
        line("");
    }

    private void outage() {
        LoadBenchmark.Outage outage = results.outage();
        if (outage == null) {
            return;
        }
        line("## Outage: Playtcha hangs");
        line("");
        line("The simulator reads every verify and never answers. B (PlaytchaFilter, default breaker: opens after 5 unavailable");
        line("results in a row, 10 s cool-down) and C (JDK HttpClient) both have a %d ms timeout; %d clients, %s s each,",
                outage.timeout().toMillis(), outage.clients(), Markdown.number(outage.seconds()));
        line("each client starting a request at most every %d ms (a closed loop would measure the queue for the CPUs once",
                outage.interval().toMillis());
        line("answers are instant). A, which calls nobody, runs at the same pace as the reference for what B adds.");
        line("B's requests are split by what the filter found: `timeout` (before the breaker opened, and any probe after the");
        line("cool-down) and `circuit_open` (after it opened). Both fail open, so every request reaches the servlet.");
        line("\"Inside PlaytchaFilter only\" is the same `circuit_open` requests timed on the server from just before the filter");
        line("to just after it (reading the form, the verify, the ledger, the attributes): the rest of B's time is Jetty, the");
        line("response, the load generator and the machine, which A pays as well.");
        line("B meets two outages, each in a filter instance of its own (its own breaker, ledger and connections): the JVM's");
        line("first, when the code that fails open has never run, and right after it a second, when that code has run and");
        line("the JIT has compiled it, as in any outage but a server's first. The target is judged on the second; the first");
        line("shows what the JIT's work costs while it lasts.");
        line("");
        line("| Variant | Requests | Requests/s | p50 ms | p99 ms | max ms |");
        line("|---|---:|---:|---:|---:|---:|");
        outageRow("A, no filter (reference)", outage.a().all(), outage.a().seconds());
        outageRows("first outage", outage.b(), outage.bInsideFilter());
        outageRows("second outage", outage.bAgain(), outage.bAgainInsideFilter());
        outageRow("C, all", outage.c().all(), outage.c().seconds());
        line("");
        line("What came back: B, first outage: %s; B, second: %s; C: %s.", outage.b().breakdown(), outage.bAgain().breakdown(),
                outage.c().breakdown());
        line("");
    }

    private void outageRows(String which, Sample b, long[] insideFilter) {
        outageRow("B, " + which + ", all", b.all(), b.seconds());
        outageRow("B, " + which + ", before the breaker opened (`timeout`)", b.only(TIMEOUT), b.seconds());
        outageRow("B, " + which + ", after it opened (`circuit_open`)", b.only(CIRCUIT_OPEN), b.seconds());
        outageRow("B, " + which + ", after it opened: inside PlaytchaFilter only (server side)", insideFilter, b.seconds());
    }

    private void outageRow(String name, long[] sorted, double seconds) {
        line("| %s | %,d | %,.1f | %.2f | %.2f | %.2f |", name, sorted.length, sorted.length / seconds,
                Stats.millis(Stats.percentile(sorted, 0.5)), Stats.millis(Stats.percentile(sorted, 0.99)),
                Stats.millis(Stats.percentile(sorted, 1.0)));
    }

    private void memory() {
        MemoryBenchmark.Result memory = results.memory();
        if (memory == null) {
            return;
        }
        line("## Memory: %,d verifies in one JVM", memory.verifies());
        line("");
        line("One `PlaytchaVerifier` (the filter's engine, default settings) verifies from %d threads against a simulator in a",
                memory.threads());
        line("child JVM, so the heap measured is the verifier's. Heap used after `System.gc()`, after a warm-up batch:");
        line("");
        line("| Verifies so far | Heap after GC |");
        line("|---:|---:|");
        for (long[] checkpoint : memory.checkpoints()) {
            line("| %,d | %.2f MB |", checkpoint[0], checkpoint[1] / 1e6);
        }
        line("");
        line("Start %.2f MB, end %.2f MB, growth %+.2f MB (%+.2f bytes per verify); %,.0f verifies/s; %d not verified.",
                memory.heapStart() / 1e6, memory.heapEnd() / 1e6, (memory.heapEnd() - memory.heapStart()) / 1e6,
                (double) (memory.heapEnd() - memory.heapStart()) / Math.max(1, memory.verifies()), memory.verifiesPerSecond(),
                memory.unexpected());
        line("");
        MemoryBenchmark.Budgets budgets = memory.budgets();
        line("The client budgets alone, at the default bound of %,d addresses: %,d distinct addresses spent once each (a botnet, or",
                budgets.bound(), budgets.addresses());
        line("a scan), each a fresh string as a container makes one; %,d kept, %.2f MB retained after GC (%,d bytes per address kept), %d refused.",
                budgets.tracked(), budgets.retained() / 1e6, budgets.retained() / Math.max(1, budgets.tracked()), budgets.refused());
        line("");
    }

    private void micro() {
        if (results.micro().isEmpty()) {
            return;
        }
        line("## Microbenchmarks (JMH)");
        line("");
        line("%d fork(s), %d x %d ms warm-up, %d x %d ms measured, average time; allocation from JMH's GC profiler.",
                plan.jmhForks(), plan.jmhWarmups(), plan.jmhTime().toMillis(), plan.jmhIterations(), plan.jmhTime().toMillis());
        line("`FilterBenchmark.unguardedGet` is a GET through an initialised PlaytchaFilter to a chain that does nothing;");
        line("`chainOnly` is that chain alone. Servlet objects are stubs answering from fields. The filter matches no paths");
        line("itself (its URL patterns are the container's filter mapping), so on a mapped URL its whole per-request check for");
        line("an unguarded request is the method and the dispatcher type: that is what `unguardedGet` measures.");
        line("`guardedHeaderToken` and `guardedFormToken` are a POST through the filter with its token in the header or the");
        line("form field and a verifier the application offers that answers at once: the filter's own work on a guarded request");
        line("(finding the token, deciding, setting the attributes), without the network.");
        line("`ClientBudgetBenchmark` is the per-client budget's check from %d threads at once (time per check, per thread):",
                ClientBudgetBenchmark.THREADS);
        line("`sameAddress` puts every thread on one bucket and one segment lock (one client, or a proxy's address);");
        line("`distinctAddresses` and `distinctIpv6` spread 4,096 addresses per thread over the segments; `beyondTheBound` keeps");
        line("only 1,000 addresses, so every check forgets one and remembers another. None is refused.");
        line("`SharedBudgetBenchmark` is the budget's check on a node of a cluster (`clusterSpend`: the node's own buckets,");
        line("then its copy of the cluster's bucket on the embedded PostgreSQL) against the node's own buckets alone");
        line("(`localSpend`), from %d threads on 4,096 addresses each, with the load benchmark's budget: no check calls the",
                SharedBudgetBenchmark.THREADS);
        line("database, as none does for a client posting fewer times on a node than it lets through untold. The difference is");
        line("what sharing adds to a verify on the happy path.");
        line("`LoginPolicyBenchmark` is what `login.require=after-failures` adds to a login attempt: the account name's");
        line("folded keyed hash, the admission and the outcome, in one node's memory (`ordinaryLogin` accepted, `failedLogin`");
        line("refused by the realm, the counts filling up and expiring) and on a cluster's PostgreSQL (`sharedLogin`, accepted:");
        line("the admission and the outcome each a round trip). A realm's password hash costs tens of milliseconds.");
        line("");
        line("| Benchmark | ns/op | ± (99.9%%) | bytes/op |");
        line("|---|---:|---:|---:|");
        for (Microbenchmarks.Score score : results.micro()) {
            line("| %s | %.1f | %s | %s |", score.name(), score.nanos(),
                    Double.isNaN(score.error()) ? "n/a" : String.format(Locale.ROOT, "%.1f", score.error()),
                    Double.isNaN(score.bytesPerOp()) ? "n/a" : String.format(Locale.ROOT, "%.0f", score.bytesPerOp()));
        }
        line("");
    }

    private void method() {
        line("## Method, and what the figures include");
        line("");
        line("- One JVM holds the simulator (Jetty core, %d threads; latency injected with `Fault.delay`, which holds no thread),",
                BenchServer.MAX_THREADS);
        line("  the server under test (Jetty 12 ee10, %d threads, accept queue 1024, a context per variant, each serving the",
                BenchServer.MAX_THREADS);
        line("  same servlet) and the load generator, all on 127.0.0.1 and sharing the machine's CPUs.");
        line("- The load generator is closed-loop: N threads, one pooled HttpClient 5 client with keep-alive and a pool larger");
        line("  than N. Each request is a urlencoded form post carrying a fresh token minted just before it (off the clock).");
        line("  A request counts as expected only when the servlet reports the verdict (`verified`), so a verify that failed");
        line("  open is not counted as a success.");
        line("- B is PlaytchaFilter with its defaults (3 s timeout, 64 connections, 250 ms lease timeout, breaker on); C, D");
        line("  and E use the same 3 s timeout. C pins HTTP/1.1 (plain-http endpoint); D sends `Connection: close` and disconnects;");
        line("  E has B's pool size (64 per route and in all) and lease timeout (250 ms) and reads the reply with JSON-B.");
        line("- B's per-client budget is on, as by default, so its check is in B's figures, but at %s a minute with a burst of",
                BenchServer.NEVER_REFUSES.get("client-budget.per-minute"));
        line("  %s: every request comes from 127.0.0.1, which the default budget (30, then 2 a second) would refuse. None is",
                BenchServer.NEVER_REFUSES.get("client-budget.burst"));
        line("  refused (a 429 would count as not as expected); all share one bucket and one lock, its worst case for contention.");
        line("- Allocation per request: heap bytes allocated by all threads of the JVM during the window");
        line("  (`getTotalThreadAllocatedBytes`), minus the load generator's threads, the simulator's threads and the harness");
        line("  thread, divided by the requests. It includes Jetty parsing the request and form, the servlet, the filter, its");
        line("  HTTP client and JSON work, and the JDK client's own threads for C. It does not include the simulator. In cells");
        line("  with few requests (20 ms, one client) the server's housekeeping (timers, pool eviction) weighs on the figure.");
        line("- CPU per request: CPU time of the same server-side threads (each live thread's `getThreadCpuTime`, end of the");
        line("  window less its start), divided by the requests: Jetty's threads, the filter and its client, the JDK client's");
        line("  threads for C. The JVM's garbage collector and JIT are not counted (allocation shows that cost). At 20 ms and one");
        line("  client, idle housekeeping is a large share of the few requests' figure.");
        line("- The simulator is reset before every window (it keeps every token and call), so its memory does not grow.");
        line("- The outage run uses separate contexts for B (two) and C, so no other verifier's breaker is touched.");
        noise();
    }

    private void noise() {
        line("- Noise: on a 2-CPU machine, runs at 0 ms vary by 15-25%% between JVMs; compare ratios within a cell, not");
        line("  figures across reports. Within a cell a window now and then loses a quarter of its throughput to something");
        line("  outside the variant, so the ratios the targets judge are medians of the rounds' ratios, with the interval");
        line("  that holds the median whatever the spread: where it reaches a bound, this run cannot tell the cell from it.");
        line("  The load cells run in several fresh JVMs (`bench.forks`), their rounds pooled, so one JVM's JIT and heap");
        line("  cannot decide a verdict; the interval assumes the rounds independent, which rounds of one JVM are not quite,");
        line("  so the per-JVM medians are listed next to it. The outage runs in the JVM that writes the report.");
        line("  At 20 ms and one client a window holds under a hundred requests, and their CPU is mostly the server's threads");
        line("  waking up (about 250 µs a request against under 90 µs at 0 ms).");
    }
}
