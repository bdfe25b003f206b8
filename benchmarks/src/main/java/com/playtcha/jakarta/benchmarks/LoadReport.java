package com.playtcha.jakarta.benchmarks;

import java.util.List;

/** The report's load section: the table of every cell, the throughput ratios, Little's bound and what went wrong. */
final class LoadReport {

    private final Markdown md;
    private final Plan plan;
    private final List<LoadBenchmark.Cell> cells;

    LoadReport(Markdown md, Plan plan, List<LoadBenchmark.Cell> cells) {
        this.md = md;
        this.plan = plan;
        this.cells = cells;
    }

    void write(boolean chart) {
        if (cells.isEmpty()) {
            return;
        }
        md.line("## Load: the guarded POST through Jetty 12, six ways");
        md.line("");
        for (Variant variant : Variant.values()) {
            md.line("- **%s**: %s", variant, variant.description);
        }
        md.line("");
        if (plan.forks() > 0) {
            md.line("The load runs in %d fresh JVMs, one after the other, each doing all that follows; a cell's figures and ratios",
                    plan.forks());
            md.line("pool the rounds of every JVM (a ratio moves more between JVMs than between rounds of one JVM).");
        }
        md.line("First every variant warms up for %s s at 0 ms and the highest concurrency.", Markdown.number(plan.warmupSeconds() * 5));
        md.line("Each cell: %s s warm-up per variant, then %d round(s) in which the variants take turns",
                Markdown.number(plan.warmupSeconds()), plan.rounds());
        md.line("for %s s each, in a rotated order. Latency is the whole request as the load generator sees it.", Markdown.number(plan.seconds()));
        md.line("Allocation and CPU are what the server side allocated and used per request (see Method).");
        md.line("");
        if (chart) {
            md.line("![Latency: p50 and p99 per variant, concurrency and Playtcha latency](%s)", Report.CHART);
            md.line("");
        }
        table();
        ratios();
        littlesBound();
        unexpected();
    }

    private void table() {
        md.line("| Playtcha latency | Clients | Variant | Requests/s | mean ms | p50 ms | p99 ms | max ms | Alloc/request | CPU/request | Not as expected |");
        md.line("|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (LoadBenchmark.Cell cell : cells) {
            for (Variant variant : Variant.values()) {
                Stats s = cell.stats().get(variant);
                md.line("| %d ms | %d | %s | %,.0f | %.2f | %.2f | %.2f | %.1f | %s | %.0f µs | %d |", cell.latencyMillis(), cell.clients(),
                        variant, s.throughput(), s.meanMillis(), s.p50Millis(), s.p99Millis(), s.maxMillis(),
                        Markdown.bytes(s.allocatedPerRequest()), s.cpuMicrosPerRequest(), s.unexpected());
            }
        }
        md.line("");
    }

    private void ratios() {
        md.line("Throughput ratios, side by side in each cell. A calls no Playtcha, so at 20 ms B/A compares unlike things;");
        md.line("the last column accounts for Playtcha's latency instead: B's mean request less A's mean and the injected latency,");
        md.line("what the filter adds to a request (CPU queueing included). B/E and B's CPU over E's, which the targets judge,");
        int rounds = plan.rounds() * plan.loadJvms();
        md.line("are the median of the %d rounds' ratios, each round's B and E windows a few seconds apart; in brackets the",
                rounds);
        md.line("interval that holds that median with %.0f%% probability whatever the ratios' spread (its width is this run's noise).",
                PairedRatio.coverage(rounds) * 100);
        if (plan.loadJvms() > 1) {
            md.line("The last two columns give each JVM's median of B/E on its own, in the order the JVMs ran.");
        }
        md.line("");
        boolean perJvm = plan.loadJvms() > 1;
        md.line("| Playtcha latency | Clients | B/A | B/C | D/C | B/E, median of rounds | B CPU / E CPU, median of rounds | B alloc - A alloc | B p99 / C p99 | B adds (mean ms) |%s",
                perJvm ? " B/E in each JVM | B CPU / E CPU in each JVM |" : "");
        md.line("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|%s", perJvm ? "---:|---:|" : "");
        for (LoadBenchmark.Cell cell : cells) {
            Stats a = cell.stats().get(Variant.A);
            Stats b = cell.stats().get(Variant.B);
            md.line("| %d ms | %d | %.2f | %.2f | %.2f | %s | %s | %s | %.2f | %.2f |%s", cell.latencyMillis(), cell.clients(),
                    Targets.ratio(cell, Variant.B, Variant.A), Targets.ratio(cell, Variant.B, Variant.C),
                    Targets.ratio(cell, Variant.D, Variant.C), cell.paired(Variant.B, Variant.E, Stats::throughput),
                    cell.paired(Variant.B, Variant.E, Stats::cpuMicrosPerRequest),
                    Markdown.bytes(b.allocatedPerRequest() - a.allocatedPerRequest()),
                    b.p99Millis() / cell.stats().get(Variant.C).p99Millis(), b.meanMillis() - a.meanMillis() - cell.latencyMillis(),
                    perJvm ? " " + cell.mediansPerJvm(Variant.B, Variant.E, Stats::throughput) + " | "
                            + cell.mediansPerJvm(Variant.B, Variant.E, Stats::cpuMicrosPerRequest) + " |" : "");
        }
        md.line("");
    }


    private void littlesBound() {
        Targets.littleCell(cells).ifPresent(cell -> {
            md.line("At %d ms and %d clients Little's law bounds every guarded variant at %d / %d ms = %,.0f verifies/s:",
                    Targets.LITTLE_LATENCY_MS, Targets.LITTLE_CLIENTS, Targets.LITTLE_CLIENTS, Targets.LITTLE_LATENCY_MS,
                    Targets.littleBound());
            for (Variant variant : List.of(Variant.B, Variant.C, Variant.D, Variant.E)) {
                md.line("%s reached %,.0f/s (%.1f%%).", variant, cell.stats().get(variant).throughput(),
                        100 * cell.stats().get(variant).throughput() / Targets.littleBound());
            }
            md.line("");
        });
    }

    private void unexpected() {
        boolean anyUnexpected = cells.stream().flatMap(c -> c.stats().values().stream()).anyMatch(s -> s.unexpected() > 0);
        if (anyUnexpected) {
            md.line("Requests that did not come back as expected (B to E: `verified`; A: `%s`), by what came back:", GuardedServlet.UNGUARDED);
            md.line("");
            for (LoadBenchmark.Cell cell : cells) {
                cell.stats().forEach((variant, s) -> {
                    if (s.unexpected() > 0) {
                        md.line("- %d ms, %d clients, %s: %s", cell.latencyMillis(), cell.clients(), variant, cell.breakdown().get(variant));
                    }
                });
            }
            md.line("");
        }
    }
}
