package com.playtcha.jakarta.benchmarks;

import com.playtcha.jakarta.testing.Fault;
import com.playtcha.jakarta.testing.PlaytchaSimulator;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;

/**
 * The load and outage benchmarks: one simulator, one {@link BenchServer} with the six variants,
 * one {@link LoadGenerator}, all in one JVM on 127.0.0.1. The load cells run in {@code bench.forks}
 * fresh JVMs one after the other ({@link ForkedLoad}), or in this one; the outage runs in this one.
 *
 * <p>A cell is one Playtcha latency and one concurrency. Each cell warms every variant up, then
 * runs {@code rounds} rounds in which the variants take turns (the order rotates from round to
 * round, so none always runs first after a warm-up); each variant's windows are merged for the
 * cell's figures and kept round by round for the ratios ({@link PairedRatio}). Ratios inside a cell
 * are therefore side by side, a few seconds apart. The simulator is reset before every
 * window (it remembers every token and call), which also drops the latency fault, so the fault is
 * injected again. With several JVMs, each runs the warm-up and every cell, and a cell's rounds are
 * pooled JVM after JVM.
 */
final class LoadBenchmark {

    /**
     * One latency and concurrency as one JVM measured it: each variant's windows, one per round, in the
     * order the rounds ran. What a load JVM of {@link ForkedLoad} hands back, hence serializable.
     */
    record Windows(int latencyMillis, int clients, Map<Variant, List<Sample>> rounds) implements Serializable {

        private static final long serialVersionUID = 1L;

        Windows {
            Map<Variant, List<Sample>> copy = new EnumMap<>(Variant.class);
            rounds.forEach((variant, samples) -> copy.put(variant, List.copyOf(samples)));
            rounds = Collections.unmodifiableMap(copy);
        }

        /** The same cell from several JVMs as one: each variant's rounds one JVM after the other. */
        static Windows pooled(List<Windows> jvms) {
            Windows first = jvms.get(0);
            Map<Variant, List<Sample>> rounds = new EnumMap<>(Variant.class);
            for (Windows jvm : jvms) {
                if (jvm.latencyMillis != first.latencyMillis || jvm.clients != first.clients) {
                    throw new IllegalArgumentException("different cells: " + first.latencyMillis + " ms x " + first.clients
                            + " and " + jvm.latencyMillis + " ms x " + jvm.clients);
                }
                jvm.rounds.forEach((variant, samples) -> rounds.computeIfAbsent(variant, v -> new ArrayList<>()).addAll(samples));
            }
            return new Windows(first.latencyMillis, first.clients, rounds);
        }
    }

    /**
     * One latency and concurrency: each variant's figures over all its windows, what its requests came
     * back as, and its figures in each round on their own (in the order the rounds ran, JVM after JVM),
     * from which {@link PairedRatio} compares two variants round by round.
     *
     * @param jvms how many JVMs the rounds come from, in equal shares
     */
    record Cell(int latencyMillis, int clients, Map<Variant, Stats> stats, Map<Variant, String> breakdown,
            Map<Variant, List<Stats>> rounds, int jvms) {

        /** The figures of {@code windows}, which {@code jvms} JVMs measured in equal shares of rounds. */
        static Cell of(Windows windows, int jvms) {
            Map<Variant, Stats> stats = new EnumMap<>(Variant.class);
            Map<Variant, String> breakdown = new EnumMap<>(Variant.class);
            Map<Variant, List<Stats>> rounds = new EnumMap<>(Variant.class);
            windows.rounds().forEach((variant, samples) -> {
                Sample merged = samples.stream().reduce(Sample.EMPTY, Sample::plus);
                stats.put(variant, Stats.of(merged, variant.expectedBody()));
                breakdown.put(variant, merged.breakdown());
                rounds.put(variant, samples.stream().map(s -> Stats.of(s, variant.expectedBody())).toList());
            });
            return new Cell(windows.latencyMillis(), windows.clients(), stats, breakdown, rounds, jvms);
        }

        /** {@code figure} of {@code a} over {@code b}, round by round, every JVM's rounds pooled. */
        PairedRatio paired(Variant a, Variant b, ToDoubleFunction<Stats> figure) {
            return PairedRatio.of(rounds.get(a), rounds.get(b), figure);
        }

        /** The same, each JVM's rounds on their own: how far the JVMs differ. */
        List<PairedRatio> pairedPerJvm(Variant a, Variant b, ToDoubleFunction<Stats> figure) {
            int each = rounds.get(a).size() / jvms;
            List<PairedRatio> ratios = new ArrayList<>();
            for (int jvm = 0; jvm < jvms; jvm++) {
                ratios.add(PairedRatio.of(rounds.get(a).subList(jvm * each, (jvm + 1) * each),
                        rounds.get(b).subList(jvm * each, (jvm + 1) * each), figure));
            }
            return ratios;
        }

        /** Each JVM's median of {@code figure} of {@code a} over {@code b}, for a report: {@code 0.97, 1.02, 0.99}. */
        String mediansPerJvm(Variant a, Variant b, ToDoubleFunction<Stats> figure) {
            return String.join(", ", pairedPerJvm(a, b, figure).stream()
                    .map(r -> String.format(Locale.ROOT, "%.2f", r.median())).toList());
        }
    }

    /**
     * The outage run: B (with its breaker) and C against a hung Playtcha, with the same timeout,
     * and A under the same paced load as the reference for what B adds. {@code b} is the JVM's
     * first outage; {@code bAgain} a second one, in a new filter instance (its own breaker and
     * ledger) whose code paths the first has already run and the JIT compiled.
     */
    record Outage(int clients, Duration interval, double seconds, Duration timeout, Sample a, Sample b, Sample bAgain,
            Sample c, long[] bInsideFilter, long[] bAgainInsideFilter) {
    }

    /** The outage run uses this concurrency, as the issue asks. */
    static final int OUTAGE_CLIENTS = 16;
    /**
     * Each outage client starts a request at most every 20 ms (800 requests/s in all). Paced, not
     * closed-loop: answered at once, a closed loop would post as fast as the CPUs allow, and p99
     * would measure the queue for the CPUs instead of what the filter adds; real users keep their
     * own pace whatever Playtcha does.
     */
    static final Duration OUTAGE_INTERVAL = Duration.ofMillis(20);

    private final Plan plan;
    private final Consumer<String> progress;

    LoadBenchmark(Plan plan, Consumer<String> progress) {
        this.plan = plan;
        this.progress = progress;
    }

    /** What the run measured; either list or the outage may be absent when its part did not run. */
    record Results(List<Cell> cells, Outage outage) {
    }

    Results run() throws Exception {
        List<Cell> cells = List.of();
        if (plan.runs("load")) {
            cells = plan.forks() > 0
                    ? new ForkedLoad(plan, progress).run()
                    : windows().stream().map(w -> Cell.of(w, 1)).toList();
        }
        Outage outage = plan.runs("outage") ? outage() : null;
        return new Results(cells, outage);
    }

    /** Every load cell, measured in this JVM after the warm-up. */
    List<Windows> windows() throws Exception {
        List<Windows> cells = new ArrayList<>();
        try (PlaytchaSimulator playtcha = PlaytchaSimulator.builder().maxThreads(BenchServer.MAX_THREADS).start();
                BenchServer server = BenchServer.start(playtcha, plan.leaseTimeout());
                LoadGenerator generator = new LoadGenerator()) {
            warmUp(playtcha, server, generator);
            for (int latency : plan.latencies()) {
                for (int clients : plan.clients()) {
                    cells.add(cell(playtcha, server, generator, latency, clients));
                }
            }
        }
        return cells;
    }

    /**
     * Before the first cell, every variant runs five warm-up periods at no latency and the highest
     * concurrency: the most calls in the least time, so the JIT has compiled the paths (tens of
     * thousands of calls) before anything is measured.
     */
    private void warmUp(PlaytchaSimulator playtcha, BenchServer server, LoadGenerator generator) throws InterruptedException {
        Duration warmup = seconds(plan.warmupSeconds() * 5);
        if (warmup.isZero()) {
            return;
        }
        int clients = plan.clients().stream().mapToInt(Integer::intValue).max().orElse(1);
        for (Variant variant : Variant.values()) {
            Sample sample = window(playtcha, server, generator, variant, 0, clients, warmup);
            progress.accept(String.format("warm-up %s: %,d requests", variant, sample.requests()));
        }
    }

    private Windows cell(PlaytchaSimulator playtcha, BenchServer server, LoadGenerator generator, int latency, int clients)
            throws InterruptedException {
        Duration warmup = seconds(plan.warmupSeconds());
        if (!warmup.isZero()) {
            for (Variant variant : Variant.values()) {
                window(playtcha, server, generator, variant, latency, clients, warmup);
            }
        }
        Map<Variant, List<Sample>> rounds = new EnumMap<>(Variant.class);
        Variant[] all = Variant.values();
        for (int round = 0; round < plan.rounds(); round++) {
            for (int i = 0; i < all.length; i++) {
                Variant variant = all[(i + round) % all.length];
                Sample sample = window(playtcha, server, generator, variant, latency, clients, seconds(plan.seconds()));
                rounds.computeIfAbsent(variant, v -> new ArrayList<>()).add(sample);
            }
        }
        Windows cell = new Windows(latency, clients, rounds);
        progress.accept(String.format("load %d ms, %d clients: %s", latency, clients, summary(Cell.of(cell, 1))));
        return cell;
    }

    private static String summary(Cell cell) {
        StringBuilder text = new StringBuilder();
        cell.stats().forEach((variant, s) -> text.append(String.format("%s %.0f/s p99 %.1f ms%s; ", variant,
                s.throughput(), s.p99Millis(), s.unexpected() == 0 ? "" : " (" + s.unexpected() + " unexpected)")));
        return text.toString();
    }

    private static Sample window(PlaytchaSimulator playtcha, BenchServer server, LoadGenerator generator,
            Variant variant, int latency, int clients, Duration duration) throws InterruptedException {
        playtcha.reset();
        if (latency > 0) {
            playtcha.inject(Fault.delay(Duration.ofMillis(latency)));
        }
        return generator.run(server.uri(variant.contextPath), clients, duration, playtcha::mintToken);
    }

    /**
     * Playtcha hangs: it reads each verify and never answers. B's breaker opens after its fifth
     * unavailable result in a row; the requests before that wait the timeout, those after are
     * answered {@code circuit_open} at once. B runs twice, in two filter instances one after the
     * other: the JVM's first outage, then a second with a new breaker and ledger. C waits the
     * timeout every time.
     */
    private Outage outage() throws Exception {
        try (PlaytchaSimulator playtcha = PlaytchaSimulator.builder().maxThreads(BenchServer.MAX_THREADS).start();
                BenchServer server = BenchServer.start(playtcha, plan.outageTimeout(), plan.leaseTimeout());
                LoadGenerator generator = new LoadGenerator()) {
            return outage(playtcha, server, generator);
        }
    }

    private Outage outage(PlaytchaSimulator playtcha, BenchServer server, LoadGenerator generator)
            throws InterruptedException {
        Duration window = seconds(plan.outageSeconds());
        playtcha.reset();
        playtcha.inject(Fault.hang());
        Sample a = generator.run(server.uri(Variant.A.contextPath), OUTAGE_CLIENTS, window, OUTAGE_INTERVAL, playtcha::mintToken);
        progress.accept("outage A: " + a.breakdown());
        Sample b = outageOf(server, Variant.B.outageContextPath(), server.outageClock(), playtcha, generator, window);
        long[] inside = server.outageClock().sorted();
        Sample bAgain = outageOf(server, BenchServer.SECOND_OUTAGE, server.secondOutageClock(), playtcha, generator, window);
        long[] insideAgain = server.secondOutageClock().sorted();
        playtcha.reset();
        playtcha.inject(Fault.hang());
        Sample c = generator.run(server.uri(Variant.C.outageContextPath()), OUTAGE_CLIENTS, window, OUTAGE_INTERVAL,
                playtcha::mintToken);
        progress.accept("outage C: " + c.breakdown());
        playtcha.reset();
        return new Outage(OUTAGE_CLIENTS, OUTAGE_INTERVAL, plan.outageSeconds(), plan.outageTimeout(), a, b, bAgain, c,
                inside, insideAgain);
    }

    /** One paced outage window on B's filter in {@code contextPath}, timed inside the filter by {@code clock}. */
    private Sample outageOf(BenchServer server, String contextPath, FilterClock clock, PlaytchaSimulator playtcha,
            LoadGenerator generator, Duration window) throws InterruptedException {
        clock.reset();
        Sample b = generator.run(server.uri(contextPath), OUTAGE_CLIENTS, window, OUTAGE_INTERVAL, playtcha::mintToken);
        progress.accept("outage " + contextPath + ": " + b.breakdown());
        return b;
    }

    static Duration seconds(double seconds) {
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }
}
