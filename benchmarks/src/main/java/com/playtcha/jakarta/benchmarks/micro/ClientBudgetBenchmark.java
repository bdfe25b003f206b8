package com.playtcha.jakarta.benchmarks.micro;

import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.internal.budget.BenchmarkCounts;
import com.playtcha.jakarta.spi.store.Budgets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * The per-client budget's check ({@code ClientBudgets.spend}, package-private in the library's internal
 * budget package), from {@value #THREADS} threads at once, each measured per check:
 * <ul>
 *   <li>{@code sameAddress}: every thread on one address, so on one bucket and one segment lock:
 *       one client, or every client behind a proxy whose container was not told of it (the load
 *       benchmark's case: it posts from 127.0.0.1 alone).</li>
 *   <li>{@code distinctAddresses}, {@code distinctIpv6}: each thread cycles through 4,096 addresses
 *       of its own. The IPv4 ones spread over the segments. The IPv6 ones are 4,096 /64s of one /48
 *       a thread, so each thread stays in the segment of its /48: a check is three buckets (the /64,
 *       its /56, the /48) under that one lock, and three small key objects.</li>
 *   <li>{@code beyondTheBound}: the same addresses against a bound of 1,000, so every check forgets
 *       the least recently used address and remembers a new one (a scan, a botnet).</li>
 * </ul>
 * No check is refused: the buckets run on a clock 1,024 times faster than {@code nanoTime}, so at
 * the highest rate the settings allow they refill faster than the threads can spend; what is measured
 * is the check that lets a verify go, the one every real request pays.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(ClientBudgetBenchmark.THREADS)
public class ClientBudgetBenchmark {

    public static final int THREADS = 4;
    private static final int PER_THREAD = 4_096;

    private Budgets budgets;
    private Budgets small;

    @Setup(Level.Trial)
    public void setUp() {
        budgets = BenchmarkCounts.budgets(new PlaytchaSettings.ClientBudget(true, 60_000_000, 1_000_000, 100_000), BenchmarkCounts.FAST);
        small = BenchmarkCounts.budgets(new PlaytchaSettings.ClientBudget(true, 60_000_000, 1_000_000, 1_000), BenchmarkCounts.FAST);
    }

    /** This thread's addresses, built before measuring (a container hands the budget a string it already made). */
    @State(Scope.Thread)
    public static class Addresses {
        final String[] ipv4 = new String[PER_THREAD]; // SharedBudgetBenchmark's too
        private final String[] ipv6 = new String[PER_THREAD];
        private int next;

        @Setup(Level.Trial)
        public void setUp(ThreadParams thread) {
            int t = thread.getThreadIndex();
            for (int i = 0; i < PER_THREAD; i++) {
                ipv4[i] = "10." + t + "." + (i >>> 8) + "." + (i & 0xFF);
                ipv6[i] = "2001:db8:" + Integer.toHexString(t) + ":" + Integer.toHexString(i) + "::1";
            }
        }

        int next() {
            next = (next + 1) & (PER_THREAD - 1);
            return next;
        }
    }

    @Benchmark
    public VerificationResult sameAddress() {
        return budgets.spend("203.0.113.7");
    }

    @Benchmark
    public VerificationResult distinctAddresses(Addresses addresses) {
        return budgets.spend(addresses.ipv4[addresses.next()]);
    }

    @Benchmark
    public VerificationResult distinctIpv6(Addresses addresses) {
        return budgets.spend(addresses.ipv6[addresses.next()]);
    }

    @Benchmark
    public VerificationResult beyondTheBound(Addresses addresses) {
        return small.spend(addresses.ipv4[addresses.next()]);
    }
}
