package com.playtcha.jakarta.benchmarks.micro;

import com.playtcha.jakarta.cluster.counts.SharedBudgets;
import com.playtcha.jakarta.cluster.jdbc.DatabaseCounts;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.internal.budget.BenchmarkCounts;
import com.playtcha.jakarta.spi.store.Budgets;
import com.playtcha.jakarta.spi.store.VerifierClock;
import com.playtcha.jakarta.testpostgres.TestPostgres;
import com.zaxxer.hikari.HikariDataSource;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * What a node of a cluster adds to a verify's budget check on the happy path: {@code clusterSpend} is
 * {@link SharedBudgets#spend} (the node's own buckets, then its copy of the cluster's bucket) on the
 * embedded PostgreSQL, {@code localSpend} the node's own buckets alone ({@link ClientBudgets#spend}), as a
 * node with nothing shared has them. Both from {@value #THREADS} threads, each cycling through 4,096 IPv4
 * addresses of its own ({@link ClientBudgetBenchmark.Addresses}), with the load benchmark's budget (a
 * burst of a million, a million a second): a node lets a million of a client's verifies through before
 * it tells the others, so no check here calls the database, as none does for a client that posts fewer
 * times on a node than it lets through untold (a tenth of the burst, or a second's refill). The
 * difference is the cluster's whole per-verify work on the happy path (the fail-open claim is not on it);
 * the load benchmark's cluster part measures the same in a server, within its noise.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(SharedBudgetBenchmark.THREADS)
public class SharedBudgetBenchmark {

    public static final int THREADS = ClientBudgetBenchmark.THREADS;

    private HikariDataSource pool;
    private Budgets local;
    private SharedBudgets cluster;

    @Setup(Level.Trial)
    public void setUp() {
        PlaytchaSettings settings = PlaytchaSettings.builder("sk_bench").ledgerDataSource("java:comp/env/jdbc/bench-budgets")
                .clientBudgetBurst(1_000_000).clientBudgetPerMinute(60_000_000).build();
        pool = TestPostgres.pool(TestPostgres.get().database(), 4);
        local = BenchmarkCounts.budgets(settings.clientBudget(), VerifierClock.SYSTEM);
        cluster = DatabaseCounts.budgets(settings, BenchmarkCounts.budgets(settings.clientBudget(), VerifierClock.SYSTEM), pool,
                "java:comp/env/jdbc/bench-budgets", VerifierClock.SYSTEM, "playtcha-verifier-bench");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        cluster.close();
        pool.close();
    }

    @Benchmark
    public VerificationResult localSpend(ClientBudgetBenchmark.Addresses addresses) {
        return local.spend(addresses.ipv4[addresses.next()]);
    }

    @Benchmark
    public VerificationResult clusterSpend(ClientBudgetBenchmark.Addresses addresses) {
        return cluster.spend(addresses.ipv4[addresses.next()]);
    }
}
