package com.playtcha.jakarta.benchmarks.micro;

import com.playtcha.jakarta.cluster.counts.SharedLoginFailures;
import com.playtcha.jakarta.cluster.jdbc.DatabaseCounts;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.internal.budget.BenchmarkCounts;
import com.playtcha.jakarta.spi.store.AccountKey;
import com.playtcha.jakarta.spi.store.LoginFailures;
import com.playtcha.jakarta.spi.store.VerifierClock;
import com.playtcha.jakarta.testpostgres.TestPostgres;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
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

/**
 * What {@code playtcha.login.require=after-failures} adds to a login attempt on one node, before and after
 * the realm checks the password: the account name's keyed hash ({@link AccountKey}: NFKC, case folding,
 * HMAC-SHA256), the admission that counts the attempt as it goes, and the outcome
 * ({@link LocalLoginFailures}, public in the library's internal budget package).
 * <ul>
 *   <li>{@code ordinaryLogin}: 4,096 accounts from 1,024 addresses in turn, each attempt let go on and
 *       accepted (what its admission counted given back: a success clears nothing).</li>
 *   <li>{@code failedLogin}: the same, each refused by the realm: the counts fill up, forget what the
 *       window lets go (on a clock 1,024 times faster than {@code nanoTime}, so a 15-minute window
 *       passes in under a second), and an attempt at a limit is told it needs a token.</li>
 *   <li>{@code sharedLogin}: {@code ordinaryLogin} on a node of a cluster, its counts on the embedded
 *       PostgreSQL ({@code SharedLoginFailures}, a pool of 4): the admission and the outcome each a round
 *       trip, as every attempt on a shared count is.</li>
 * </ul>
 * Round trips per attempt and their spread per store, and a flood of three nodes: {@code LoginCountBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LoginPolicyBenchmark {

    private static final int ACCOUNTS = 4_096;
    private static final LoginFailures.Limits DEFAULTS = new LoginFailures.Limits(3, 10, Duration.ofMinutes(15), 100);

    private final String[] names = new String[ACCOUNTS];
    private final String[] clients = new String[ACCOUNTS];
    private AccountKey accounts;
    private LoginFailures accepted;
    private LoginFailures refused;
    private HikariDataSource pool;
    private SharedLoginFailures shared;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        for (int i = 0; i < ACCOUNTS; i++) {
            names[i] = "user" + i + "@example.com";
            clients[i] = "10.1." + ((i & 1023) >>> 8) + "." + (i & 0xFF);
        }
        accounts = AccountKey.of("sk_live_benchmark_secret", true);
        accepted = BenchmarkCounts.loginFailures(DEFAULTS, VerifierClock.SYSTEM);
        refused = BenchmarkCounts.loginFailures(DEFAULTS, BenchmarkCounts.FAST);
        PlaytchaSettings settings = PlaytchaSettings.builder("sk_bench").ledgerDataSource("java:comp/env/jdbc/bench-logins")
                .loginAfterFailures(true).build();
        pool = TestPostgres.pool(TestPostgres.get().database(), 4);
        shared = DatabaseCounts.loginFailures(settings, DEFAULTS, BenchmarkCounts.loginFailures(DEFAULTS, VerifierClock.SYSTEM), pool,
                "java:comp/env/jdbc/bench-logins", VerifierClock.SYSTEM, "playtcha-verifier-bench");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        shared.close();
        pool.close();
    }

    @Benchmark
    public boolean ordinaryLogin() {
        int i = next = (next + 1) & (ACCOUNTS - 1);
        byte[] account = accounts.hash(names[i]);
        boolean wentOn = accepted.admit(account, clients[i]);
        if (wentOn) {
            accepted.admitted(account, clients[i], true);
        }
        return wentOn;
    }

    @Benchmark
    public boolean failedLogin() {
        int i = next = (next + 1) & (ACCOUNTS - 1);
        byte[] account = accounts.hash(names[i]);
        boolean wentOn = refused.admit(account, clients[i]);
        if (wentOn) {
            refused.admitted(account, clients[i], false);
        }
        return wentOn;
    }

    @Benchmark
    public boolean sharedLogin() {
        int i = next = (next + 1) & (ACCOUNTS - 1);
        byte[] account = accounts.hash(names[i]);
        boolean wentOn = shared.admit(account, clients[i]);
        if (wentOn) {
            shared.admitted(account, clients[i], true);
        }
        return wentOn;
    }
}
