package com.playtcha.jakarta.benchmarks;

import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.Verification;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The non-blocking verify beside what a WebFlux team writes instead and beside a raw socket (issue 74): one
 * JVM calls a fixed-reply keep-alive server in a second JVM ({@link FixedReplyServer}), and this JVM's CPU
 * and allocation per verify are measured, all its threads counted. Cells: 64 and 256 verifies in flight for
 * {@code PlaytchaVerifier.verifyAsync}, the same verify written by hand on the bare HttpClient 5 async client it
 * runs on ({@link HttpClient5AsyncVerify}), a hand-written {@code WebClient} verify ({@link WebClientVerify}) and a
 * raw socket per caller ({@link RawSocketVerify}, one thread each); and 8 and 64 calling threads for the
 * blocking {@code verify}, the same threads waiting on {@code verifyAsync} (what the blocking call would cost as
 * a wait on the async path), and the raw socket. Every client's pool is sized to its cell. Each cell warms each
 * variant up once, then runs {@code rounds} rounds in which every variant has one window, the order rotating;
 * figures are medians over the rounds, ratios medians of the per-round ratios. A verify that fails open counts as
 * failed, and the rounds start once the ledger has re-verified what the warm-up failed open (its posts would be
 * counted in the windows). Writes benchmarks/ASYNC.md.
 *
 * <p>{@code java -cp <benchmarks' class path> com.playtcha.jakarta.benchmarks.AsyncVerifyBenchmark [seconds] [rounds] [out]
 * [the cells whose name starts so, like 256]}
 */
public final class AsyncVerifyBenchmark {

    /** What is compared. */
    enum Variant {
        ASYNC("verifyAsync"), HTTPCLIENT5("HttpClient 5 async by hand"), WEBCLIENT("WebClient by hand"), RAW("raw socket"),
        BLOCKING("verify (blocking)"), BLOCKING_VIA_ASYNC("verifyAsync().join()");

        final String label;

        Variant(String label) {
            this.label = label;
        }
    }

    /** One cell: its load, whether that is threads (else verifies in flight), and its variants. */
    record Cell(String name, int load, boolean threads, List<Variant> variants) {
    }

    /** One window's raw figures. */
    record Window(long verifies, long failures, long cpuNanos, long allocated, long wallNanos) {
        double cpuMicros() {
            return cpuNanos / 1e3 / Math.max(1, verifies);
        }

        double bytes() {
            return (double) allocated / Math.max(1, verifies);
        }

        double perSecond() {
            return verifies / (wallNanos / 1e9);
        }
    }

    static final List<Cell> CELLS = List.of(
            new Cell("64 in flight", 64, false, List.of(Variant.ASYNC, Variant.HTTPCLIENT5, Variant.WEBCLIENT, Variant.RAW)),
            new Cell("256 in flight", 256, false, List.of(Variant.ASYNC, Variant.HTTPCLIENT5, Variant.WEBCLIENT, Variant.RAW)),
            new Cell("8 threads", 8, true, List.of(Variant.BLOCKING, Variant.BLOCKING_VIA_ASYNC, Variant.RAW)),
            new Cell("64 threads", 64, true, List.of(Variant.BLOCKING, Variant.BLOCKING_VIA_ASYNC, Variant.RAW)));

    private static final AtomicLong TOKENS = new AtomicLong();

    private AsyncVerifyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 4;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path out = Path.of(args.length > 2 ? args[2] : "benchmarks/ASYNC.md");
        List<Cell> cells = args.length > 3 ? CELLS.stream().filter(c -> c.name().startsWith(args[3])).toList() : CELLS;
        Files.writeString(out, report(run(seconds, rounds, cells)));
        System.out.print(Files.readString(out));
    }

    /** The whole run against a server of its own: per cell, per variant, its windows in round order. */
    static Results run(double seconds, int rounds, List<Cell> cells) throws Exception {
        Instant began = Instant.now();
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        Process server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), FixedReplyServer.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Map<Cell, Map<Variant, List<Window>>> figures = new java.util.LinkedHashMap<>();
        long posts;
        try (BufferedReader from = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
                PrintStream to = new PrintStream(server.getOutputStream(), true, StandardCharsets.UTF_8)) {
            URI url = URI.create("http://127.0.0.1:" + from.readLine().split(" ")[1]);
            for (Cell cell : cells) {
                figures.put(cell, cell(cell, url, seconds, rounds));
            }
            to.println("count");
            posts = Long.parseLong(from.readLine());
            to.println("quit");
        } finally {
            server.destroy();
        }
        return new Results(figures, began, Duration.between(began, Instant.now()), loadBefore,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), posts, seconds, rounds);
    }

    /** Everything one run measured, and the machine it ran on. */
    record Results(Map<Cell, Map<Variant, List<Window>>> figures, Instant began, Duration took, double loadBefore, double loadAfter,
            long posts, double seconds, int rounds) {
    }

    private static Map<Variant, List<Window>> cell(Cell cell, URI url, double seconds, int rounds) throws Exception {
        PlaytchaSettings settings = PlaytchaSettings.builder("sk_bench_async").apiUrl(url).timeout(Duration.ofSeconds(3))
                .maxConnections(cell.load()).clientBudgetEnabled(false).build();
        Map<Variant, List<Window>> windows = new EnumMap<>(Variant.class);
        try (PlaytchaVerifier verifier = PlaytchaVerifier.create(settings);
                HttpClient5AsyncVerify httpClient5 = new HttpClient5AsyncVerify(url, "sk_bench_async", cell.load());
                WebClientVerify webClient = new WebClientVerify(url, "sk_bench_async", cell.load());
                RawSocketVerify raw = new RawSocketVerify(url, "sk_bench_async", cell.load())) {
            Map<Variant, Runnable> blocking = Map.of(
                    Variant.BLOCKING, () -> check(verifier.verify(token(), "192.0.2.1", "/bench")),
                    Variant.BLOCKING_VIA_ASYNC, () -> check(verifier.verifyAsync(token(), "192.0.2.1", "/bench").toCompletableFuture().join()),
                    Variant.RAW, raw::verify);
            Map<Variant, Supplier<CompletableFuture<Boolean>>> inFlight = Map.of(
                    Variant.ASYNC, () -> verifier.verifyAsync(token(), "192.0.2.1", "/bench").toCompletableFuture()
                            .thenApply(v -> v.proceeds() && !v.decision().failedOpen()),
                    Variant.HTTPCLIENT5, () -> httpClient5.verify(token()),
                    Variant.WEBCLIENT, () -> webClient.verify(token()));
            for (int round = -1; round < rounds; round++) {
                if (round == 0) {
                    drained(verifier);
                }
                for (int i = 0; i < cell.variants().size(); i++) {
                    Variant variant = cell.variants().get(Math.floorMod(i + round, cell.variants().size()));
                    double length = round < 0 ? 2 * seconds : seconds; // the first window warms the JIT up, and is dropped
                    Window window = cell.threads() || variant == Variant.RAW
                            ? threads(cell.load(), length, blocking.get(variant)) : inFlight(cell.load(), length, inFlight.get(variant));
                    if (round >= 0) {
                        System.err.printf("%s, round %d, %s: %.1f µs, %,.0f B, %,.0f/s, %d failed%n", cell.name(), round, variant.label,
                                window.cpuMicros(), window.bytes(), window.perSecond(), window.failures());
                        windows.computeIfAbsent(variant, v -> new ArrayList<>()).add(window);
                    }
                }
            }
        }
        return windows;
    }

    /**
     * Waits (up to a minute) for the ledger to re-verify what the warm-up failed open, if anything did (a loaded machine
     * can keep the first connections past {@code connect-timeout}): its posts would otherwise be counted in the windows.
     */
    private static void drained(PlaytchaVerifier verifier) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        int open = verifier.status().ledgerOpen();
        if (open > 0) {
            System.err.println("the warm-up failed open " + open + " verifies; waiting for the ledger to re-verify them");
        }
        while (verifier.status().ledgerOpen() > 0 && System.nanoTime() - deadline < 0) {
            Thread.sleep(100);
        }
    }

    static String token() {
        return "ptk_bench_" + TOKENS.incrementAndGet();
    }

    private static void check(Verification v) {
        if (!v.proceeds() || v.decision().failedOpen()) {
            throw new IllegalStateException("not verified: " + v.result());
        }
    }

    /** {@code threads} callers, each verifying in a loop for {@code seconds}. */
    static Window threads(int threads, double seconds, Runnable verify) throws InterruptedException {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong done = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        CountDownLatch ended = new CountDownLatch(threads);
        Measure measure = Measure.start();
        for (int i = 0; i < threads; i++) {
            Thread caller = new Thread(() -> {
                while (running.get()) {
                    try {
                        verify.run();
                        done.incrementAndGet();
                    } catch (RuntimeException e) {
                        if (failed.getAndIncrement() == 0) {
                            System.err.println("first failure of a window: " + e);
                        }
                    }
                }
                ended.countDown();
            }, "bench-caller-" + i);
            caller.setDaemon(true);
            caller.start();
        }
        Thread.sleep((long) (seconds * 1000));
        running.set(false);
        ended.await(1, TimeUnit.MINUTES);
        return measure.end(done.get(), failed.get());
    }

    /** {@code inFlight} verifies kept going for {@code seconds}: each one's end starts the next. */
    static Window inFlight(int inFlight, double seconds, Supplier<CompletableFuture<Boolean>> verify) throws InterruptedException {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong done = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        CountDownLatch ended = new CountDownLatch(inFlight);
        Measure measure = Measure.start();
        for (int i = 0; i < inFlight; i++) {
            new Chain(verify, running, done, failed, ended).next();
        }
        Thread.sleep((long) (seconds * 1000));
        running.set(false);
        ended.await(1, TimeUnit.MINUTES);
        return measure.end(done.get(), failed.get());
    }

    /** One verify in flight, started again each time it ends, until the window closes. */
    private record Chain(Supplier<CompletableFuture<Boolean>> verify, AtomicBoolean running, AtomicLong done, AtomicLong failed,
            CountDownLatch ended) {
        void next() {
            if (!running.get()) {
                ended.countDown();
                return;
            }
            verify.get().whenComplete((ok, e) -> {
                (Boolean.TRUE.equals(ok) ? done : failed).incrementAndGet();
                next();
            });
        }
    }

    /** This JVM's CPU and allocation from the start of a window. */
    private record Measure(long cpuAtStart, long allocatedAtStart, long wallAtStart) {
        static Measure start() {
            return new Measure(cpu(), allocated(), System.nanoTime());
        }

        Window end(long verifies, long failures) {
            return new Window(verifies, failures, cpu() - cpuAtStart, allocated() - allocatedAtStart, System.nanoTime() - wallAtStart);
        }

        private static long cpu() {
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        }

        /** Every thread's, the dead ones' included (the JVM keeps their count). */
        private static long allocated() {
            return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getTotalThreadAllocatedBytes();
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** The report: the machine, the method, and a table per cell. */
    static String report(Results results) {
        StringBuilder md = new StringBuilder("# The non-blocking verify beside its bare client, a WebClient and a raw socket\n\n")
                .append("Written by `com.playtcha.jakarta.benchmarks.AsyncVerifyBenchmark` (issue 74); every figure comes from the run ")
                .append("that wrote this file, started ").append(results.began()).append(", ").append(results.took().toSeconds())
                .append(" s long, on ").append(Runtime.getRuntime().availableProcessors()).append(" CPUs, ")
                .append(System.getProperty("java.vm.name")).append(' ').append(System.getProperty("java.vm.version"))
                .append(String.format(", load average %.1f before and %.1f after", results.loadBefore(), results.loadAfter()))
                .append(" (other builds ran beside it: compare within a cell, as ratios).\n\n")
                .append("One JVM calls a fixed-reply keep-alive server in a second JVM (Jetty 12, loopback; ").append(results.posts())
                .append(" posts served in all). CPU and allocation are this JVM's per verify, every thread counted (the clients' ")
                .append("I/O threads too). Each cell warms each variant up for one window of ").append(2 * results.seconds())
                .append(" s, then runs ").append(results.rounds()).append(" rounds of one ").append(results.seconds())
                .append(" s window per variant, in an order that rotates; figures are the median of the rounds, ratios the ")
                .append("median of the per-round ratios with their range. Pools are sized to the cell (the verifier's ")
                .append("`max-connections`, the bare HttpClient 5 async client's connection manager, the WebClient's connection ")
                .append("provider, one raw socket per caller thread).\n\n");
        for (Map.Entry<Cell, Map<Variant, List<Window>>> cell : results.figures().entrySet()) {
            table(md, cell.getKey(), cell.getValue());
        }
        return md.toString();
    }

    private static void table(StringBuilder md, Cell cell, Map<Variant, List<Window>> windows) {
        boolean bare = cell.variants().contains(Variant.HTTPCLIENT5); // the client under verifyAsync, where it ran
        md.append("## ").append(cell.name()).append("\n\n")
                .append("| Variant | Verifies/s | CPU µs/verify | Allocated B/verify | CPU vs raw socket |")
                .append(bare ? " CPU vs the bare HttpClient 5 |" : "").append(" Failed |\n")
                .append("|---|---:|---:|---:|---:|").append(bare ? "---:|" : "").append("---:|\n");
        for (Variant variant : cell.variants()) {
            List<Window> mine = windows.get(variant);
            md.append(String.format("| %s | %,.0f | %.1f | %,.0f | %s |", variant.label,
                    median(mine.stream().mapToDouble(Window::perSecond).toArray()),
                    median(mine.stream().mapToDouble(Window::cpuMicros).toArray()),
                    median(mine.stream().mapToDouble(Window::bytes).toArray()),
                    variant == Variant.RAW ? "1" : ratio(mine, windows.get(Variant.RAW))));
            if (bare) {
                md.append(' ').append(variant == Variant.HTTPCLIENT5 ? "1" : ratio(mine, windows.get(Variant.HTTPCLIENT5))).append(" |");
            }
            md.append(String.format(" %d |%n", mine.stream().mapToLong(Window::failures).sum()));
        }
        md.append('\n');
    }

    /** The median of the per-round ratios of {@code mine}'s CPU per verify to {@code base}'s, with their range. */
    private static String ratio(List<Window> mine, List<Window> base) {
        double[] ratios = new double[mine.size()];
        for (int i = 0; i < mine.size(); i++) {
            ratios[i] = mine.get(i).cpuMicros() / base.get(i).cpuMicros();
        }
        double[] sorted = ratios.clone();
        Arrays.sort(sorted);
        return String.format("%.2f (%.2f-%.2f)", median(ratios), sorted[0], sorted[sorted.length - 1]);
    }
}
