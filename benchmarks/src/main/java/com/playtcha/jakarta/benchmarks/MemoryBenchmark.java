package com.playtcha.jakarta.benchmarks;

import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.internal.budget.BenchmarkCounts;
import com.playtcha.jakarta.spi.store.VerifierClock;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The memory run: {@code memoryVerifies} verifies through one {@link PlaytchaVerifier} (the filter's
 * engine, without a container) against a simulator in a child JVM ({@link SimulatorProcess}), with
 * the heap measured after {@code System.gc()} at the start (after a warm-up batch) and at the end,
 * and at every tenth on the way. Tokens come in batches of {@value #BATCH}; after each batch the
 * simulator forgets them, and this JVM holds no token between batches. Then the client budgets alone
 * ({@link #budgets}): as many distinct addresses as verifies (a botnet, or a scan), the heap they keep.
 */
final class MemoryBenchmark {

    static final int BATCH = 50_000;

    /**
     * @param checkpoints heap used after GC, in bytes, after every tenth of the verifies (the first is the start)
     */
    record Result(int verifies, int threads, long unexpected, double seconds, long heapStart, long heapEnd,
            List<long[]> checkpoints, Budgets budgets) {
        double verifiesPerSecond() {
            return verifies / seconds;
        }
    }

    /**
     * The client budgets after {@code addresses} distinct addresses spent once each, at the default bound.
     *
     * @param refused  spends refused (none: each address's first)
     * @param retained heap used after GC, after less before, in bytes
     */
    record Budgets(int addresses, int bound, int refused, long retained) {
        /** Addresses the budgets keep: the bound, or fewer when fewer came. */
        int tracked() {
            return Math.min(addresses, bound);
        }
    }

    private final Plan plan;
    private final Consumer<String> progress;

    MemoryBenchmark(Plan plan, Consumer<String> progress) {
        this.plan = plan;
        this.progress = progress;
    }

    Result run() throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m", "-XX:+UseParallelGC", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", System.getProperty("java.class.path"), SimulatorProcess.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        ExecutorService threads = Executors.newFixedThreadPool(plan.memoryThreads());
        try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
                Writer out = new OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8)) {
            String[] ready = in.readLine().split(" ");
            if (ready.length != 3 || !ready[0].equals("ready")) {
                throw new IllegalStateException("the simulator process did not start");
            }
            PlaytchaSettings settings = PlaytchaSettings.builder(ready[2]).apiUrl(URI.create(ready[1])).build();
            try (PlaytchaVerifier verifier = PlaytchaVerifier.create(settings)) {
                Result result = measure(new Batches(in, out, verifier, threads, plan.memoryThreads()));
                out.write("quit\n");
                out.flush();
                return result;
            }
        } finally {
            threads.shutdownNow();
            if (!child.waitFor(10, TimeUnit.SECONDS)) {
                child.destroy();
            }
        }
    }

    /** The verifies, in batches, with the heap after GC at the start, every tenth of the way and at the end. */
    private Result measure(Batches batches) throws Exception {
        batches.verify(Math.min(BATCH, Math.max(1, plan.memoryVerifies()))); // warm-up
        long heapStart = heapAfterGc();
        List<long[]> checkpoints = new ArrayList<>();
        checkpoints.add(new long[] {0, heapStart});
        long unexpected = 0;
        int done = 0;
        int step = Math.max(BATCH, plan.memoryVerifies() / 10);
        int nextCheckpoint = step;
        long start = System.nanoTime();
        while (done < plan.memoryVerifies()) {
            int n = Math.min(BATCH, plan.memoryVerifies() - done);
            unexpected += batches.verify(n);
            done += n;
            if (done >= nextCheckpoint && done < plan.memoryVerifies()) {
                checkpoints.add(new long[] {done, heapAfterGc()});
                progress.accept(String.format("memory: %,d verifies, heap %.1f MB", done,
                        checkpoints.get(checkpoints.size() - 1)[1] / 1e6));
                nextCheckpoint += step;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long heapEnd = heapAfterGc();
        checkpoints.add(new long[] {done, heapEnd});
        return new Result(done, plan.memoryThreads(), unexpected, seconds, heapStart, heapEnd, checkpoints,
                budgets(Math.max(1, plan.memoryVerifies())));
    }

    /**
     * The heap that the default client budgets (100,000 addresses at most) keep after {@code addresses}
     * distinct addresses spent once each, each a fresh string as a container makes one: the budget keeps
     * what it is given.
     */
    static Budgets budgets(int addresses) {
        PlaytchaSettings.ClientBudget settings = new PlaytchaSettings.ClientBudget(true, 120, 30, 100_000);
        long before = heapAfterGc();
        com.playtcha.jakarta.spi.store.Budgets budgets = BenchmarkCounts.budgets(settings, VerifierClock.SYSTEM);
        int refused = 0;
        for (int i = 0; i < addresses; i++) {
            String address = new StringBuilder("10.").append(i >>> 16).append('.').append(i >>> 8 & 0xFF).append('.')
                    .append(i & 0xFF).toString();
            refused += budgets.spend(address) == null ? 0 : 1;
        }
        long retained = heapAfterGc() - before;
        Budgets result = new Budgets(addresses, settings.addresses(), refused, retained);
        java.lang.ref.Reference.reachabilityFence(budgets); // measured while it holds them
        return result;
    }

    /** Heap in use after full collections (two: the first may leave what finalization freed). */
    static long heapAfterGc() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Mints a batch in the child, verifies it on the threads, and has the child forget it. */
    private record Batches(BufferedReader in, Writer out, PlaytchaVerifier verifier, ExecutorService threads,
            int threadCount) {

        /** Returns how many verifies were not {@code Verified}. */
        long verify(int n) throws Exception {
            String[] tokens = mint(n);
            AtomicInteger next = new AtomicInteger();
            AtomicLong unexpected = new AtomicLong();
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < threadCount; t++) {
                running.add(threads.submit(() -> {
                    for (int i = next.getAndIncrement(); i < tokens.length; i = next.getAndIncrement()) {
                        if (!(verifier.verify(tokens[i], null, "/signup").result() instanceof VerificationResult.Verified)) {
                            unexpected.incrementAndGet();
                        }
                    }
                }));
            }
            for (Future<?> task : running) {
                task.get();
            }
            command("reset");
            if (!"ok".equals(in.readLine())) {
                throw new IllegalStateException("the simulator process did not reset");
            }
            return unexpected.get();
        }

        private String[] mint(int n) throws IOException {
            command("mint " + n);
            String[] tokens = new String[n];
            for (int i = 0; i < n; i++) {
                tokens[i] = in.readLine();
            }
            if (!"end".equals(in.readLine())) {
                throw new IllegalStateException("the simulator process minted fewer tokens than asked");
            }
            return tokens;
        }

        private void command(String line) throws IOException {
            out.write(line + "\n");
            out.flush();
        }
    }
}
