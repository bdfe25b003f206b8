package com.playtcha.jakarta.benchmarks;

import com.playtcha.jakarta.core.Decision;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.VerificationResult;
import com.zaxxer.hikari.HikariDataSource;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Fail-open entries per second into each ledger store, and what recording one adds to a request
 * that failed open: {@code THREADS} request threads record entries for {@code bench.seconds} each
 * into memory, the file journal ({@code ledger.directory}) and PostgreSQL ({@code ledger.datasource},
 * a real server on this machine through a pool of {@value #POOL} connections, found by JNDI), after
 * {@code bench.warmup} seconds of the same unmeasured. Each record is timed around the verifier's
 * {@code report}, which stores the entry before it returns.
 * Playtcha is unreachable ({@code 127.0.0.1:9}), so the ledger's background re-verifications
 * fail fast and back off, as in an outage.
 */
final class LedgerBenchmark {

    /** One store's figures: entries recorded, per second, and the latency of one record in microseconds. */
    record Result(String store, long entries, double perSecond, double p50Micros, double p99Micros, double maxMicros) {
    }

    static final int THREADS = 4;
    static final int POOL = 8;
    private static final String JNDI = "java:comp/env/jdbc/bench-ledger";

    private final Plan plan;
    private final Consumer<String> progress;

    LedgerBenchmark(Plan plan, Consumer<String> progress) {
        this.plan = plan;
        this.progress = progress;
    }

    List<Result> run() throws Exception {
        List<Result> results = new ArrayList<>();
        results.add(measure("memory", b -> b));
        Path dir = Files.createTempDirectory("bench-ledger");
        results.add(measure("file journal", b -> b.ledgerDirectory(dir)));
        try (HikariDataSource pool = BenchPostgres.pool(BenchPostgres.get().database(), POOL)) {
            BenchNaming.bind(JNDI, pool);
            results.add(measure("PostgreSQL", b -> b.ledgerDataSource(JNDI)));
        }
        return results;
    }

    private Result measure(String store, UnaryOperator<PlaytchaSettings.Builder> ledger) throws Exception {
        PlaytchaSettings settings = ledger.apply(PlaytchaSettings.builder("sk_bench_ledger")
                .apiUrl(URI.create("http://127.0.0.1:9")).breakerEnabled(false).ledgerCapacity(10_000_000)).build();
        VerificationResult down = new VerificationResult.Unavailable("timeout", null, null, 0);
        Decision decision = Decision.of(down, settings);
        long[][] nanos;
        try (PlaytchaVerifier verifier = PlaytchaVerifier.create(settings)) {
            AtomicLong sequence = new AtomicLong();
            threads(verifier, down, decision, sequence, plan.warmupSeconds()); // JIT, the pool's connections
            nanos = threads(verifier, down, decision, sequence, plan.seconds());
        }
        long[] all = Arrays.stream(nanos).flatMapToLong(Arrays::stream).sorted().toArray();
        Result r = new Result(store, all.length, all.length / plan.seconds(), Stats.percentile(all, 0.5) / 1e3,
                Stats.percentile(all, 0.99) / 1e3, Stats.percentile(all, 1.0) / 1e3);
        progress.accept(String.format(Locale.ROOT, "Ledger %s: %d entries, %.0f/s, p50 %.1f us, p99 %.1f us", store,
                r.entries(), r.perSecond(), r.p50Micros(), r.p99Micros()));
        return r;
    }

    private static long[][] threads(PlaytchaVerifier verifier, VerificationResult down, Decision decision,
            AtomicLong sequence, double seconds) throws InterruptedException {
        long[][] nanos = new long[THREADS][];
        long end = System.nanoTime() + (long) (seconds * 1e9);
        Thread[] threads = new Thread[THREADS];
        for (int t = 0; t < THREADS; t++) {
            int slot = t;
            threads[t] = new Thread(() -> nanos[slot] = record(verifier, down, decision, sequence, end), "bench-ledger-" + t);
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return nanos;
    }

    private static long[] record(PlaytchaVerifier verifier, VerificationResult down, Decision decision, AtomicLong sequence,
            long end) {
        long[] times = new long[1 << 16];
        int n = 0;
        while (System.nanoTime() < end) {
            String token = "bench-token-" + sequence.incrementAndGet();
            long start = System.nanoTime();
            if (verifier.report(token, down, decision, "/signup", "127.0.0.1") == null) {
                throw new IllegalStateException("the ledger refused an entry: raise its capacity");
            }
            if (n == times.length) {
                times = Arrays.copyOf(times, n * 2);
            }
            times[n++] = System.nanoTime() - start;
        }
        return Arrays.copyOf(times, n);
    }

    /** The report's section. */
    static void report(Markdown md, List<Result> results) {
        if (results.isEmpty()) {
            return;
        }
        md.line("## Ledger: recording a fail-open request, per store");
        md.line("");
        md.line("%d request threads report fail-open decisions as fast as they can for `bench.seconds` per store; each "
                + "`report` stores the entry before it returns (after `bench.warmup` seconds unmeasured), so its time is what the ledger adds to a request that failed "
                + "open. PostgreSQL runs on this machine (loopback), through a pool of %d connections. Target: under 2 ms at "
                + "p99 for the database.", THREADS, POOL);
        md.line("");
        md.line("| Store | Entries | Entries/s | p50 | p99 | max |");
        md.line("|---|---:|---:|---:|---:|---:|");
        for (Result r : results) {
            md.line("| %s | %d | %s | %.3f ms | %.3f ms | %.3f ms |", r.store(), r.entries(), String.format(Locale.ROOT, "%,.0f", r.perSecond()),
                    r.p50Micros() / 1e3, r.p99Micros() / 1e3, r.maxMicros() / 1e3);
        }
        md.line("");
    }
}
