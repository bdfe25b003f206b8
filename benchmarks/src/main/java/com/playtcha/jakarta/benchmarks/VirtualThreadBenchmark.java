package com.playtcha.jakarta.benchmarks;

import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.VerificationResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Verify latency and CPU on virtual threads beside platform threads, with and without CPU-bound
 * neighbours (issue 64): {@code callers} threads verify in a closed loop against the simulator in its own
 * JVM ({@link SimulatorProcess}, 0 ms), and in the cells with neighbours {@code neighbours} CPU-bound
 * jobs of about 50 ms each (SHA-256, standing in for a BCrypt login) are kept in flight on threads of
 * the same kind, each job a new thread as each login is a new request. Per cell: verifies a second,
 * the caller's latency (p50, p99, max), this JVM's CPU per verify (without neighbours only: with them
 * the CPU is theirs), and every outcome by code. Needs JDK 21+ for the virtual cells (found by
 * reflection: this module targets Java 17). The breaker is off, so that a cell's timeouts show as such and
 * leave the next cell alone. Writes benchmarks/VIRTUAL-THREADS.md.
 *
 * <p>{@code java -cp <benchmarks' class path> com.playtcha.jakarta.benchmarks.VirtualThreadBenchmark [seconds] [callers]
 * [neighbour levels, like 4,32] [out]}
 */
public final class VirtualThreadBenchmark {

    private static final int JOB_ROUNDS = 60_000;

    private VirtualThreadBenchmark() {
    }

    /** One cell's figures. */
    private record Cell(String threads, int neighbours, double perSecond, double p50, double p99, double max, double cpuMicros,
            Map<String, Integer> codes, long jobs) {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int callers = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        List<Integer> levels = Arrays.stream((args.length > 2 ? args[2] : "4,32").split(",")).map(Integer::valueOf).toList();
        Path out = Path.of(args.length > 3 ? args[3] : "benchmarks/VIRTUAL-THREADS.md");
        Instant began = Instant.now();
        Process simulator = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), SimulatorProcess.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<Cell> cells = new ArrayList<>();
        try (BufferedReader from = new BufferedReader(new InputStreamReader(simulator.getInputStream(), StandardCharsets.UTF_8));
                PrintStream to = new PrintStream(simulator.getOutputStream(), true, StandardCharsets.UTF_8)) {
            String[] ready = from.readLine().split(" ");
            PlaytchaSettings settings = PlaytchaSettings.builder(ready[2]).apiUrl(URI.create(ready[1])).clientBudgetEnabled(false)
                    .ledgerEnabled(false).breakerEnabled(false).build(); // each cell on its own: no breaker left open by the last
            try (PlaytchaVerifier warm = PlaytchaVerifier.create(settings)) {
                run(warm, from, to, Thread::new, callers, 0, 2 * seconds); // the JIT, here and in the simulator
            }
            try (PlaytchaVerifier verifier = PlaytchaVerifier.create(settings)) {
                ThreadFactory platform = Thread::new;
                ThreadFactory virtual = virtualFactory();
                for (String kind : virtual == null ? List.of("platform") : List.of("platform", "virtual")) {
                    ThreadFactory factory = kind.equals("platform") ? platform : virtual;
                    for (int neighbours : withNone(levels)) {
                        run(verifier, from, to, factory, callers, 0, 2); // warm-up, no neighbours
                        cells.add(cell(kind, neighbours, run(verifier, from, to, factory, callers, neighbours, seconds)));
                    }
                }
            }
            to.println("quit");
        } finally {
            simulator.destroy();
        }
        write(out, cells, began, seconds, callers, levels);
    }

    private static List<Integer> withNone(List<Integer> levels) {
        List<Integer> all = new ArrayList<>(List.of(0));
        all.addAll(levels);
        return all;
    }

    /** A cell's raw figures: latencies in ns, codes, CPU ns, wall ns, jobs done. */
    private record Raw(long[] latencies, Map<String, Integer> codes, long cpu, long wall, long jobs) {
    }

    private static Raw run(PlaytchaVerifier verifier, BufferedReader from, PrintStream to, ThreadFactory threads, int callers,
            int neighbours, int seconds) throws Exception {
        ConcurrentLinkedQueue<String> tokens = mint(from, to, 200_000);
        ConcurrentLinkedQueue<long[]> done = new ConcurrentLinkedQueue<>();
        Map<String, Integer> codes = new TreeMap<>();
        AtomicBoolean running = new AtomicBoolean(true);
        long[] jobs = new long[1];
        Semaphore inFlight = new Semaphore(neighbours);
        Thread spawner = neighbours == 0 ? null : new Thread(() -> spawn(threads, inFlight, running, jobs));
        long cpu0 = cpu();
        long wall0 = System.nanoTime();
        if (spawner != null) {
            spawner.start();
        }
        ExecutorService pool = Executors.newFixedThreadPool(callers, threads); // not AutoCloseable on Java 17
        for (int i = 0; i < callers; i++) {
            pool.submit(() -> callLoop(verifier, tokens, running, done, codes));
        }
        Thread.sleep(seconds * 1000L);
        running.set(false);
        pool.shutdown();
        pool.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES);
        long wall = System.nanoTime() - wall0;
        if (spawner != null) {
            spawner.join();
            inFlight.acquire(neighbours); // every job ended
        }
        long cpu = cpu() - cpu0;
        long[] all = done.stream().flatMapToLong(Arrays::stream).toArray();
        Arrays.sort(all);
        return new Raw(all, codes, cpu, wall, jobs[0]);
    }

    private static void callLoop(PlaytchaVerifier verifier, ConcurrentLinkedQueue<String> tokens, AtomicBoolean running,
            ConcurrentLinkedQueue<long[]> done, Map<String, Integer> codes) {
        long[] mine = new long[400_000];
        int n = 0;
        Map<String, Integer> seen = new TreeMap<>();
        while (running.get()) {
            String token = tokens.poll();
            if (token == null) {
                break;
            }
            long start = System.nanoTime();
            VerificationResult result = verifier.verify(token, "192.0.2.1", "/bench").result();
            if (n < mine.length) {
                mine[n++] = System.nanoTime() - start;
            }
            seen.merge(result.errorCode() == null ? result.outcome() : result.outcome() + " " + result.errorCode(), 1, Integer::sum);
        }
        done.add(Arrays.copyOf(mine, n));
        synchronized (codes) {
            seen.forEach((code, count) -> codes.merge(code, count, Integer::sum));
        }
    }

    /** Keeps {@code inFlight}'s permits of CPU-bound jobs running, a new thread each. */
    private static void spawn(ThreadFactory threads, Semaphore inFlight, AtomicBoolean running, long[] jobs) {
        while (running.get()) {
            try {
                inFlight.acquire();
            } catch (InterruptedException e) {
                return;
            }
            jobs[0]++;
            threads.newThread(() -> {
                try {
                    hash();
                } finally {
                    inFlight.release();
                }
            }).start();
        }
    }

    /** About 50 ms of CPU on this machine. */
    private static void hash() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] block = new byte[64];
            for (int i = 0; i < JOB_ROUNDS; i++) {
                block = Arrays.copyOf(sha.digest(block), 64);
            }
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ConcurrentLinkedQueue<String> mint(BufferedReader from, PrintStream to, int n) throws IOException {
        to.println("reset");
        from.readLine();
        to.println("mint " + n);
        ConcurrentLinkedQueue<String> tokens = new ConcurrentLinkedQueue<>();
        for (String line = from.readLine(); !"end".equals(line); line = from.readLine()) {
            tokens.add(line);
        }
        return tokens;
    }

    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static ThreadFactory virtualFactory() {
        try {
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            return (ThreadFactory) Class.forName("java.lang.Thread$Builder").getMethod("factory").invoke(builder);
        } catch (ReflectiveOperationException e) {
            return null; // before JDK 21
        }
    }

    private static Cell cell(String kind, int neighbours, Raw raw) {
        long[] l = raw.latencies();
        double ms = 1e6;
        double cpu = neighbours > 0 ? Double.NaN : raw.cpu() / 1e3 / Math.max(1, l.length);
        return new Cell(kind, neighbours, l.length / (raw.wall() / 1e9), at(l, 0.5) / ms, at(l, 0.99) / ms,
                l.length == 0 ? 0 : l[l.length - 1] / ms, cpu, raw.codes(), raw.jobs());
    }

    private static long at(long[] sorted, double quantile) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) (quantile * sorted.length))];
    }

    private static void write(Path out, List<Cell> cells, Instant began, int seconds, int callers, List<Integer> levels)
            throws IOException {
        StringBuilder md = new StringBuilder("# Verifies on virtual threads beside platform threads\n\n")
                .append("Written by `com.playtcha.jakarta.benchmarks.VirtualThreadBenchmark`; every figure comes from the run that wrote ")
                .append("this file. ").append(Duration.between(began, Instant.now()).toSeconds()).append(" s, ")
                .append(Runtime.getRuntime().availableProcessors()).append(" CPUs, ").append(System.getProperty("java.vm.name"))
                .append(' ').append(System.getProperty("java.vm.version")).append(", load average at the end ")
                .append(String.format("%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage())).append(".\n\n")
                .append(callers).append(" callers verify in a closed loop against the simulator in its own JVM (0 ms) for ").append(seconds)
                .append(" s a cell, after 2 s of warm-up; with neighbours, ").append(levels)
                .append(" CPU-bound jobs of about 50 ms (SHA-256, as a BCrypt login) are kept in flight on threads of the same kind, ")
                .append("a new thread each. CPU is this JVM's per verify, shown only without neighbours.\n\n")
                .append("| Threads | Neighbours | Verifies/s | p50 ms | p99 ms | max ms | CPU µs/verify | Jobs done | Outcomes |\n")
                .append("|---|---|---|---|---|---|---|---|---|\n");
        for (Cell c : cells) {
            md.append(String.format("| %s | %s | %,.0f | %.2f | %.2f | %.1f | %s | %d | %s |%n", c.threads(),
                    c.neighbours() > 0 ? c.neighbours() : "none", c.perSecond(), c.p50(), c.p99(), c.max(),
                    Double.isNaN(c.cpuMicros()) ? "-" : String.format("%.0f", c.cpuMicros()),
                    c.jobs(), c.codes()));
        }
        Files.writeString(out, md);
        System.out.print(md);
    }
}
