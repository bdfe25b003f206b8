package com.playtcha.jakarta.cluster.jdbc;

import static com.playtcha.jakarta.cluster.jdbc.JdbcStoreTest.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.cluster.counts.SharedBudgets;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.TestSettings;
import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.core.VerifierStatus.LocalFault;
import com.playtcha.jakarta.internal.budget.LocalCounts;
import com.playtcha.jakarta.internal.ledger.ManualClock;
import com.playtcha.jakarta.testpostgres.TestPostgres;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What the client budgets on PostgreSQL do beyond {@code BudgetsContract} (which
 * {@code DatabaseBudgetsContractTest} runs on them), nodes on one real PostgreSQL, each with a pool of its
 * own as servers would have: a restart forgets nothing; round trips per verify; no verify waits for the
 * store; a database that fails or hangs puts each node on its own buckets, said so, and the budgets are
 * shared again once it is back.
 */
class SharedBudgetsDatabaseTest {

    private static final String NAME = "java:comp/env/jdbc/budgets";
    private static final int BURST = 30;
    /** What a node may spend from its copy of a client's bucket before it tells the others (a tenth of the burst). */
    private static final int UNSYNCHRONIZED = BURST / 10;
    /** {@code StoreCalls.THREADS}: a node's tellings under way at once. */
    private static final int TELLING_THREADS = 4;
    /**
     * The cluster timeout where the database answers: the longest, so that no call of a busy test machine is
     * taken for the database's silence (beside a second build at load 25, a call of a database that answered
     * took longer than half of 2 s, and the node said it was on its own buckets).
     */
    private static final Duration ANSWERING = PlaytchaSettings.MAX_CLUSTER_TIMEOUT;
    /** The cluster timeout where the database hangs and a test waits for the timeout. */
    private static final Duration HUNG = Duration.ofSeconds(2);

    /** The nodes' clock: it moves when a test says time went by, as the verifier's clock would. */
    private final ManualClock clock = new ManualClock();
    private final List<HikariDataSource> pools = new ArrayList<>();
    private final List<SharedBudgets> nodes = new ArrayList<>();
    private String url;

    @BeforeEach
    void database() {
        url = TestPostgres.get().database();
    }

    @AfterEach
    void close() {
        nodes.forEach(SharedBudgets::close);
        pools.forEach(HikariDataSource::close);
    }

    private static PlaytchaSettings settings(Duration clusterTimeout) {
        return PlaytchaSettings.builder("sk_test_budgets").ledgerDataSource(NAME).clientBudgetBurst(BURST).clientBudgetPerMinute(60)
                .clusterTimeout(clusterTimeout).build();
    }

    /** A node: its own pool, its own buckets, the table they share. */
    private SharedBudgets node(javax.sql.DataSource db) {
        return node(db, ANSWERING);
    }

    private SharedBudgets node(javax.sql.DataSource db, Duration clusterTimeout) {
        PlaytchaSettings settings = settings(clusterTimeout);
        SharedBudgets node = DatabaseCounts.budgets(settings, LocalCounts.budgets(settings.clientBudget(), clock), db, NAME, clock,
                "playtcha-verifier-test");
        nodes.add(node);
        return node;
    }

    private HikariDataSource pool() {
        HikariDataSource pool = TestPostgres.pool(url, 4);
        pools.add(pool);
        return pool;
    }

    /**
     * One budget across three nodes is {@code BudgetsContract}'s; here what the table keeps: one row for
     * the client, by a hash of its address, and a restart forgets nothing of it.
     */
    @Test
    void aClientsBudget_isOneRowByAHashOfItsAddress_andARestartForgetsNothing() {
        List<SharedBudgets> three = List.of(node(pool()), node(pool()), node(pool()));
        int passed = 0;
        for (int i = 0; i < 3 * BURST; i++) {
            passed += three.get(i % 3).spend("198.51.100.7") == null ? 1 : 0;
        }
        assertTrue(passed >= BURST && passed <= BURST + 3 * UNSYNCHRONIZED, "passed " + passed + " of " + 3 * BURST);
        assertEquals(1, rows(), "one row: the client's, by a hash of its address");

        // Restarted: new buckets in memory, new pools; the table remembers. Like any node that has not told
        // the cluster about the client yet, it lets at most what it may through untold, then asks.
        nodes.forEach(SharedBudgets::close);
        nodes.clear();
        SharedBudgets restarted = node(pool());
        int afterRestart = 0;
        for (int i = 0; i <= UNSYNCHRONIZED; i++) {
            afterRestart += restarted.spend("198.51.100.7") == null ? 1 : 0;
        }
        assertTrue(afterRestart <= UNSYNCHRONIZED, afterRestart + " of " + (UNSYNCHRONIZED + 1) + " passed after a restart");
        assertNotNull(restarted.spend("198.51.100.7"), "refused after a restart too");
        assertNull(restarted.spend("198.51.100.8"), "another client has its own budget");
    }

    @Test
    void aFailingDatabase_putsTheNodeOnItsOwnBuckets_saysSo_andTheBudgetsAreSharedAgainOnceItIsBack() throws Exception {
        ControlledDataSource db = new ControlledDataSource(pool());
        SharedBudgets node = node(db);
        assertNull(node.spend("203.0.113.1"));
        assertNull(node.away());

        db.fail("FATAL: the database system is shutting down");
        for (int i = 0; i < BURST - 1; i++) {
            assertNull(node.spend("203.0.113.1"), "spent from this node's own bucket");
        }
        LocalFault away = node.away();
        assertNotNull(away);
        assertEquals(LocalFault.BUDGETS_LOCAL, away.code());
        assertTrue(away.message().contains("database " + NAME), away.message());
        assertNotNull(node.spend("203.0.113.1"), "this node's own bucket still counts: one budget per node at most");

        db.work();
        int[] client = {2};
        await(() -> {
            clock.advance(Duration.ofSeconds(1)); // any verify retries, at most once a second
            node.spend("203.0.113." + client[0]++ % 250);
            return node.away() == null;
        }, "the budgets are shared again");
    }

    /**
     * While the database is down, the once-a-second try must reach it: the proxy of a client synced a
     * moment ago would answer from its copy of the bucket without asking, and that is no answer from the
     * database (it would share the budgets again, then fall back and WARN again, each second).
     */
    @Test
    void whileTheDatabaseIsDown_aClientsProxyAnsweringFromItsCopy_doesNotShareTheBudgetsAgain() throws Exception {
        ControlledDataSource db = new ControlledDataSource(pool());
        SharedBudgets node = node(db);
        tellTheCluster(node, "198.51.100.1"); // the proxy of .1 has a fresh copy

        db.fail("FATAL: the database system is shutting down");
        tellTheCluster(node, "198.51.100.2"); // a telling that fails
        assertNotNull(node.away());
        int failures = db.failures().size();
        await(() -> {
            clock.advance(Duration.ofSeconds(1)); // a try goes at most once a second
            node.spend("198.51.100.1"); // its proxy could answer from its copy
            return node.away() == null || db.failures().size() > failures;
        }, "a try");
        assertNotNull(node.away(), "the database is still down, yet a try said the budgets are shared again");
    }

    /**
     * The status's budgets_local message is read by more people than the log: a driver's connection
     * fault (SQL state class 08, or 28) names the database's host and port, so it says the state alone,
     * as the ledger's own status does.
     */
    @Test
    void theBudgetsLocalMessage_ofAConnectionFault_givesTheSqlState_notTheDatabasesHost() {
        AtomicBoolean down = new AtomicBoolean();
        HikariDataSource pool = pool();
        SharedBudgets node = node(new PoolFront(pool) {
            @Override
            public Connection getConnection() throws SQLException {
                if (down.get()) {
                    throw new SQLException("Connection to db-primary.internal.example.com:5432 refused. Check that the hostname "
                            + "and port are correct and that the postmaster is accepting TCP/IP connections.", "08001");
                }
                return pool.getConnection();
            }
        });
        tellTheCluster(node, "203.0.113.1");
        down.set(true);
        tellTheCluster(node, "203.0.113.2");
        LocalFault away = node.away();
        assertNotNull(away, "budgets_local");
        assertTrue(away.message().contains("SQL state 08001"), away.message());
        assertFalse(away.message().contains("db-primary.internal.example.com"), away.message());
    }

    /** A budget thread stuck in JDBC must not keep the web app's classes after a redeploy, as the ledger's threads do not. */
    @Test
    void theBudgetThreads_holdNoContextClassLoader() {
        List<String> budgetThreads = new java.util.concurrent.CopyOnWriteArrayList<>();
        HikariDataSource pool = pool();
        SharedBudgets node = node(new PoolFront(pool) {
            @Override
            public Connection getConnection() throws SQLException {
                Thread t = Thread.currentThread();
                if (t.getName().contains("-budget-")) { // not the table's check at start, on the caller's thread
                    budgetThreads.add(t.getName() + " " + t.getContextClassLoader());
                }
                return pool.getConnection();
            }
        });
        assertNotNull(Thread.currentThread().getContextClassLoader(), "the caller's thread has one, as a web app's request has");
        tellTheCluster(node, "203.0.113.50");
        assertTrue(!budgetThreads.isEmpty() && budgetThreads.stream().allMatch(t -> t.endsWith(" null")), budgetThreads.toString());
    }

    @Test
    void aHungDatabase_holdsNoVerifyPastTheTimeout_theNodeFallsBackToItsOwnBuckets() {
        ControlledDataSource db = new ControlledDataSource(pool());
        SharedBudgets node = node(db, HUNG);
        tellTheCluster(node, "203.0.113.9");
        db.stall(60_000); // getConnection waits a minute, as a pool waits for a database that does not answer
        try {
            for (int i = 0; i <= UNSYNCHRONIZED; i++) {
                assertNull(node.spend("203.0.113.10"), "a verify that tells the cluster returned, spent from this node's own bucket");
            }
            assertNotNull(node.away(), "and the node says it is on its own buckets");
            for (int i = 0; i < 100; i++) {
                assertNull(node.spend("203.0.113." + (11 + i)), "no verify waits for the database now");
            }
        } finally {
            db.work();
        }
    }

    /** A signup or contact form: each client posts once, and the store hears of none of them. */
    @Test
    void clientsThatPostOnce_costTheStoreNothing() {
        CountingDataSource db = new CountingDataSource(pool());
        SharedBudgets node = node(db);
        long connections = db.connections();
        for (int i = 0; i < 1_000; i++) {
            assertNull(node.spend("10.1." + i / 256 + "." + i % 256));
        }
        assertEquals(connections, db.connections(), "no transaction for a client that posted once");
        assertNull(node.away());
    }

    /**
     * A verify never waits for its client's telling on the happy path: the one that spends the last of
     * what the node may let through untold goes on while the telling, in the background, waits for a
     * database that does not answer; only the client's next verify would wait for it.
     */
    @Test
    void theVerifyThatMakesItsClientDueForTelling_doesNotWaitForTheTelling() throws Exception {
        ControlledDataSource db = new ControlledDataSource(pool());
        SharedBudgets node = node(db);
        int calls = db.callers().size(); // the table's check at start
        for (int i = 1; i < UNSYNCHRONIZED; i++) {
            assertNull(node.spend("198.51.100.30"));
        }
        assertEquals(calls, db.callers().size(), "nothing told yet");

        db.stall(60_000);
        try {
            assertNull(node.spend("198.51.100.30"), "answered by this node");
            await(() -> db.stalls() == 1, "the telling is under way, waiting for the database");
            assertNull(node.away(), "the verify went on before its telling got, or did not get, an answer");
        } finally {
            db.work();
        }
    }

    /**
     * The round trips a node makes at a steady 1,000 verifies a second (3,000 of them) with the default
     * budget (30 at once, 120 a minute), for three spreads of clients: 300 IPv4 addresses drawn by Zipf's
     * law (s = 1: the busiest makes a sixth of the verifies, half the addresses 3 or fewer), 30 busy
     * addresses drawn evenly (a NAT'd office, or a flood), and 3,000 addresses drawn evenly (most clients
     * post once or twice: a client costs nothing until a node let through as many of its verifies as it
     * may untold (3 with the default budget), then its first telling, two transactions when the table does
     * not have it yet, Bucket4j's look and then its bucket's creation). A busy client costs a transaction
     * per 3 verifies let through, in the background.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"300 Zipf, 300, 1.0, 0.4", "30 busy, 30, 0, 0.15", "3000 even, 3000, 0, 0.3"})
    void aBusyNode_makesFewerRoundTripsThanVerifies(String spread, int clients, double zipf, double most) {
        CountingDataSource db = new CountingDataSource(pool());
        PlaytchaSettings settings = PlaytchaSettings.builder("sk_test_budgets").ledgerDataSource(NAME).clusterTimeout(ANSWERING)
                .build();
        SharedBudgets node = DatabaseCounts.budgets(settings, LocalCounts.budgets(settings.clientBudget(), clock), db, NAME, clock,
                "playtcha-verifier-load");
        nodes.add(node);
        long connections = db.connections();
        long statements = db.statements();
        double[] weights = new double[clients];
        double total = 0;
        for (int i = 0; i < clients; i++) {
            total += Math.pow(i + 1, -zipf);
            weights[i] = total;
        }
        Random random = new Random(38);
        int verifies = 3_000;
        int refused = 0;
        for (int i = 0; i < verifies; i++) {
            clock.advance(Duration.ofMillis(1)); // 1,000 a second, on the node's clock
            double pick = random.nextDouble() * total;
            int client = 0;
            while (weights[client] < pick) {
                client++;
            }
            if (node.spend("10." + client / 65_536 + "." + client / 256 % 256 + "." + client % 256) != null) {
                refused++;
            }
        }
        assertNull(node.away());
        double transactions = (double) (db.connections() - connections) / verifies;
        double roundTrips = (double) (db.statements() - statements) / verifies;
        System.out.printf("client budgets on PostgreSQL, %s: %d verifies (%d refused) from %d clients at 1,000/s: "
                + "%.3f transactions and %.3f statements per verify%n", spread, verifies, refused, clients, transactions, roundTrips);
        assertTrue(transactions <= most, transactions + " transactions per verify");
    }

    /**
     * One address at 1,000 verifies a second, its budget raised far above its burst (a NAT, an API
     * gateway, a load test from one address: per-minute 120,000, burst the default 30). A node may let a
     * second's refill of it through untold, so it tells the store about it once in 2,000 verifies, not
     * once every tenth of the burst (3): that was a transaction every 3 verifies, 1.33 round trips per
     * verify, and its next verifies waited for each telling.
     */
    @Test
    void oneAddressWithABudgetRaisedAboveItsBurst_isToldAboutOnceASecondsRefill_notEveryTenthOfItsBurst() {
        CountingDataSource db = new CountingDataSource(pool());
        PlaytchaSettings settings = PlaytchaSettings.builder("sk_test_budgets").ledgerDataSource(NAME).clientBudgetPerMinute(120_000)
                .clusterTimeout(ANSWERING).build();
        SharedBudgets node = DatabaseCounts.budgets(settings, LocalCounts.budgets(settings.clientBudget(), clock), db, NAME, clock,
                "playtcha-verifier-nat");
        nodes.add(node);
        long connections = db.connections();
        long roundTripsBefore = db.statements() + db.ends();
        int verifies = 3_000;
        for (int i = 0; i < verifies; i++) {
            clock.advance(Duration.ofMillis(1)); // 1,000 a second, on the node's clock
            node.spend("203.0.113.40");
        }
        assertNull(node.away());
        long transactions = db.connections() - connections;
        double roundTrips = (double) (db.statements() + db.ends() - roundTripsBefore) / verifies;
        System.out.printf("client budgets on PostgreSQL, one address at 1,000/s, per-minute 120,000: %d transactions and %.4f "
                + "round trips per verify%n", transactions, roundTrips);
        assertTrue(transactions <= 4, transactions + " transactions for " + verifies + " verifies of one address");
        assertTrue(roundTrips <= 0.01, roundTrips + " round trips per verify");
    }

    /**
     * One address on three nodes with its budget raised far above its burst (per-minute 6,000, burst 30),
     * posting 600 times a second spread over them for three seconds. Each node lets a second's refill of
     * it (100) through untold, and its own buckets a burst and their refill, so the client gets one budget
     * (30 and 100 a second) and at most 100 more per node, paid back in its {@code Retry-After}: not three
     * budgets (each node's own buckets alone would let 30 and 100 a second through, 990 in three seconds).
     */
    @Test
    void aClientOnThreeNodes_withABudgetRaisedAboveItsBurst_isHeldToOneBudget_andASecondsRefillPerNode() {
        int perMinute = 6_000;
        long perSecond = perMinute / 60;
        PlaytchaSettings settings = PlaytchaSettings.builder("sk_test_budgets").ledgerDataSource(NAME).clientBudgetBurst(BURST)
                .clientBudgetPerMinute(perMinute).clusterTimeout(ANSWERING).build();
        List<SharedBudgets> three = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            SharedBudgets node = DatabaseCounts.budgets(settings, LocalCounts.budgets(settings.clientBudget(), clock), pool(),
                    NAME, clock, "playtcha-verifier-raised-" + i);
            nodes.add(node);
            three.add(node);
        }
        int attempts = 1_800;
        int passed = 0;
        VerificationResult.Rejected refused = null;
        for (int i = 0; i < attempts; i++) {
            clock.advance(Duration.ofNanos(1_000_000_000L / 600)); // 600 a second, on the nodes' clock
            VerificationResult.Rejected r = three.get(i % 3).spend("203.0.113.41");
            if (r == null) {
                passed++;
            } else {
                refused = r;
            }
        }
        double seconds = attempts / 600.0;
        long oneBudget = BURST + Math.round(perSecond * seconds);
        System.out.printf("client budgets on PostgreSQL, one address on three nodes, per-minute %,d: %d of %d passed in %.2f s "
                + "(one budget %d, three %d)%n", perMinute, passed, attempts, seconds, oneBudget, 3 * oneBudget);
        three.forEach(node -> assertNull(node.away()));
        assertTrue(passed <= oneBudget + 3 * perSecond, passed + " passed: over one budget (" + oneBudget + ") and a second's refill per node");
        assertTrue(passed >= BURST, passed + " passed: the budget's burst at least");
        assertNotNull(refused, "refused once its budget and the nodes' allowance were spent");
        assertEquals(VerificationResult.CLIENT_RATE_LIMITED, refused.errorCode());
        assertTrue(refused.retryAfter().compareTo(Duration.ZERO) > 0, "retry after " + refused.retryAfter());
    }

    /**
     * Many verifies of one client at once (a NAT'd office, or one attacker's address) on a database that
     * answers slowly but within half of the timeout: each waits for its client's telling under way, a new
     * client's first telling is two calls, and one telling after another may be needed; none waits longer
     * than {@code playtcha.cluster.timeout} (one still waiting then is refused for the node's backlog). It
     * waited 4 s with a 2 s timeout while a verify past the allowance waited for every telling in line.
     */
    @Test
    void manyVerifiesOfOneClientAtOnce_onASlowButAnsweringDatabase_noneWaitsLongerThanTheTimeout() throws Exception {
        // each transaction slow, yet well within half of the timeout (1.5 s to spare for a busy machine); a verify that
        // waited for every telling in line, 8 of them, would wait twice the timeout
        Duration timeout = Duration.ofSeconds(6);
        long latency = timeout.toNanos() / 4;
        HikariDataSource pool = pool();
        SharedBudgets node = node(new PoolFront(pool) {
            @Override
            public Connection getConnection() throws SQLException {
                if (Thread.currentThread().getName().contains("-budget-")) {
                    long end = System.nanoTime() + latency;
                    for (long left = latency; left > 0 && !Thread.currentThread().isInterrupted(); left = end - System.nanoTime()) {
                        LockSupport.parkNanos(left); // the database's answer takes that long
                    }
                }
                return pool.getConnection();
            }
        }, timeout);
        int verifies = 24; // fewer than the burst: this node's own buckets let each through
        ExecutorService requests = Executors.newFixedThreadPool(verifies);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Long>> waits = new ArrayList<>();
        try {
            for (int i = 0; i < verifies; i++) {
                waits.add(requests.submit(() -> {
                    go.await();
                    long start = System.nanoTime();
                    node.spend("198.51.100.60");
                    return System.nanoTime() - start;
                }));
            }
            go.countDown();
            long longest = 0;
            for (Future<Long> wait : waits) {
                longest = Math.max(longest, wait.get(60, TimeUnit.SECONDS));
            }
            assertNull(node.away(), "every call was answered within half of the timeout");
            assertTrue(longest < timeout.toNanos() + timeout.toNanos() / 2, // the timeout, and half of it for a busy machine
                    "a verify waited " + TimeUnit.NANOSECONDS.toMillis(longest) + " ms, the timeout is " + timeout.toMillis() + " ms");
        } finally {
            requests.shutdownNow();
        }
    }

    /**
     * Busy clients, each posting slower than the store answers, never wait for the store: a verify
     * within its client's allowance goes on whatever the store does, and the tellings of all clients
     * share {@code StoreCalls.THREADS} threads, one telling of a client at a time. Here 12 clients,
     * each already told once, spend their allowance while the store holds every call until the test
     * lets it answer: each of their last verifies gives its client's telling to the telling threads,
     * 12 tellings for 4 threads. Every verify is watched, and one seen waiting is counted: none may
     * wait, and the 4 threads are in the store at once, 8 tellings in line behind them. Then the store
     * answers, and each client's next verify waits for its own telling (which it may: its client is
     * past the allowance). Three rounds. Through one thread, as before, tellings waited in its line
     * one behind another, and at 600 verifies a second about a fifth of the verifies waited for them.
     */
    @Test
    void busyClientsEachPostingSlowerThanTheStoreAnswers_noVerifyWaitsForTheStore() throws Exception {
        HikariDataSource pool = pool();
        AtomicBoolean holding = new AtomicBoolean();
        AtomicReference<CountDownLatch> answer = new AtomicReference<>(new CountDownLatch(0));
        AtomicInteger inStore = new AtomicInteger();
        // the longest timeout: a call the store holds while the test looks is not one that ran too long
        PlaytchaSettings settings = PlaytchaSettings.builder("sk_test_budgets").ledgerDataSource(NAME).clientBudgetBurst(BURST)
                .clientBudgetPerMinute(60).clusterTimeout(PlaytchaSettings.MAX_CLUSTER_TIMEOUT).build();
        SharedBudgets node = DatabaseCounts.budgets(settings, LocalCounts.budgets(settings.clientBudget(), clock), new PoolFront(pool) {
            @Override
            public Connection getConnection() throws SQLException {
                if (holding.get() && Thread.currentThread().getName().contains("-budget-")) {
                    inStore.incrementAndGet();
                    try {
                        answer.get().await(); // the store answers when the test says so
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new SQLException("interrupted while the store held the call", "57014");
                    } finally {
                        inStore.decrementAndGet();
                    }
                }
                return pool.getConnection();
            }
        }, NAME, clock, "playtcha-verifier-busy");
        nodes.add(node);
        int clients = 12;
        for (int c = 0; c < clients; c++) {
            tellTheCluster(node, "10.9.0." + c); // a row and a copy for each; 1 verify let through untold since
        }
        ExecutorService request = Executors.newSingleThreadExecutor(r -> new Thread(r, "request"));
        Thread[] requestThread = new Thread[1];
        request.submit(() -> requestThread[0] = Thread.currentThread()).get();
        int waited = 0;
        int verifies = 0;
        try {
            for (int round = 0; round < 3; round++) {
                CountDownLatch held = new CountDownLatch(1);
                answer.set(held);
                holding.set(true);
                for (int c = 0; c < clients; c++) {
                    for (int i = 1; i < UNSYNCHRONIZED; i++) { // the rest of the allowance; the last makes a telling
                        String client = "10.9.0." + c;
                        Future<VerificationResult.Rejected> spent = request.submit(() -> node.spend(client));
                        verifies++;
                        if (waitedForTheStore(spent, requestThread[0])) {
                            waited++;
                            held.countDown(); // let it go on, and count it
                        }
                        assertNull(spent.get(60, TimeUnit.SECONDS), "within the allowance: let through");
                    }
                }
                if (held.getCount() > 0) { // else a verify waited, and the test fails below
                    await(() -> inStore.get() == TELLING_THREADS, "the " + TELLING_THREADS + " telling threads in the store at once, "
                            + (clients - TELLING_THREADS) + " tellings in line");
                }
                holding.set(false);
                held.countDown();
                for (int c = 0; c < clients; c++) {
                    assertNull(node.spend("10.9.0." + c), "past the allowance: waits for its client's telling, answered now");
                }
            }
        } finally {
            holding.set(false);
            answer.get().countDown();
            request.shutdownNow();
        }
        assertNull(node.away());
        assertEquals(0, waited, waited + " of " + verifies + " verifies within their allowance waited for the store");
    }

    /**
     * Whether the verify {@code spent}, run on {@code request}, waits for the store: it is parked in its
     * timed wait for a telling (the only timed wait on a verify's path) before it returns. The store holds
     * every call meanwhile, so a verify that waits for it is still parked when looked at.
     */
    private static boolean waitedForTheStore(Future<?> spent, Thread request) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!spent.isDone()) {
            if (request.getState() == Thread.State.TIMED_WAITING) {
                return !spent.isDone();
            }
            assertTrue(System.nanoTime() < deadline, "the verify neither returned nor waited within 60 s");
            Thread.yield();
        }
        return false;
    }

    /**
     * A node closed (an undeploy) while a client's telling waits for a telling thread: {@code shutdownNow}
     * drops that telling, and a verify waiting for it must not wait on for the whole timeout for a telling
     * that will never run. Four clients' tellings hold the four telling threads (the database hangs, each
     * call bounded by half of a 10 s timeout), a fifth client's telling waits in line, and its next verify
     * waits for it; then the node closes. It waited the full 10 s.
     */
    @Test
    void aVerifyWaitingForATellingThatCloseDropped_isAnsweredAtOnce_notAfterTheTimeout() throws Exception {
        Duration timeout = PlaytchaSettings.MAX_CLUSTER_TIMEOUT; // the calls under way, bounded by half of it, do not end meanwhile
        PlaytchaSettings settings = PlaytchaSettings.builder("sk_test_budgets").ledgerDataSource(NAME).clientBudgetBurst(BURST)
                .clientBudgetPerMinute(60).clusterTimeout(timeout).build();
        ControlledDataSource db = new ControlledDataSource(pool());
        SharedBudgets node = DatabaseCounts.budgets(settings, LocalCounts.budgets(settings.clientBudget(), clock), db, NAME, clock,
                "playtcha-verifier-close");
        nodes.add(node);
        int tellingThreads = TELLING_THREADS;
        db.stall(60_000);
        try {
            for (int c = 0; c <= tellingThreads; c++) {
                for (int i = 0; i < UNSYNCHRONIZED; i++) {
                    assertNull(node.spend("198.51.100." + (70 + c))); // the last one gives its client's telling to the threads
                }
            }
            await(() -> db.stalls() == tellingThreads, "four tellings under way; the fifth client's waits for a telling thread");
            long[] took = new long[1];
            Thread waiting = new Thread(() -> {
                long start = System.nanoTime();
                node.spend("198.51.100." + (70 + tellingThreads)); // past the allowance: waits for its client's telling
                took[0] = System.nanoTime() - start;
            });
            waiting.start();
            await(() -> waiting.getState() == Thread.State.TIMED_WAITING, "the verify waits for its client's telling");
            node.close();
            waiting.join(TimeUnit.NANOSECONDS.toMillis(2 * timeout.toNanos()));
            assertFalse(waiting.isAlive());
            // At once, so within the shared slack: a telling dropped is no telling to wait for. Waiting for it was the
            // whole timeout, the longest a cluster timeout may be, which the slack does not pass.
            assertTrue(TestSettings.SLACK.compareTo(timeout) <= 0, "a slack that tells at once from the timeout");
            assertTrue(took[0] < TestSettings.SLACK.toNanos(), "a verify waited " + TimeUnit.NANOSECONDS.toMillis(took[0])
                    + " ms for a telling that close() dropped (timeout " + timeout.toMillis() + " ms)");
        } finally {
            db.work();
        }
    }

    /**
     * A client's row deleted by the minute's cleaning (its bucket full again and {@code KEEP} gone by)
     * while a node still holds a copy of it: the node's next telling finds no row, and Bucket4j makes a
     * full bucket again and syncs into it, but what the copy let through untold was sent with the call
     * that found no row and is not sent again. Those verifies (up to a tenth of the burst per node, at
     * each such expiry) are never told. Here the row goes at once (a DELETE, as the cleaning does), with
     * a refill of one a minute so that nothing refills meanwhile: the cluster's bucket holds the whole
     * burst, though the node's telling carried 3 verifies (one let through before the row went, two after).
     */
    @Test
    void aRowDeletedWhileANodeHasACopy_doesNotForgetWhatTheNodeLetThroughUntold() throws Exception {
        PlaytchaSettings settings = PlaytchaSettings.builder("sk_test_budgets").ledgerDataSource(NAME).clientBudgetBurst(BURST)
                .clientBudgetPerMinute(1).clusterTimeout(ANSWERING).build();
        HikariDataSource pool = pool();
        SharedBudgets node = DatabaseCounts.budgets(settings, LocalCounts.budgets(settings.clientBudget(), clock), pool, NAME, clock,
                "playtcha-verifier-expiry");
        nodes.add(node);
        String client = "198.51.100.80";
        tellTheCluster(node, client); // 3 told, a copy, 1 more let through untold
        long id;
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            ResultSet r = s.executeQuery("SELECT id FROM playtcha_client_budget");
            assertTrue(r.next());
            id = r.getLong(1);
            assertEquals(1, s.executeUpdate("DELETE FROM playtcha_client_budget"), "what the cleaning does to an expired row");
        }
        for (int i = 0; i < UNSYNCHRONIZED; i++) {
            assertNull(node.spend(client)); // 2 more untold: the telling; the last waits for it, then goes on from the new copy
        }
        assertNull(node.away());
        io.github.bucket4j.distributed.proxy.ProxyManager<Long> table = BudgetTable.CLIENT_BUDGETS.open(pool, NAME, true,
                io.github.bucket4j.distributed.proxy.ExecutionStrategy.SAME_TREAD, onTheNodesClock(),
                io.github.bucket4j.distributed.ExpirationAfterWriteStrategy.none());
        long left = table.builder().build(id, () -> io.github.bucket4j.BucketConfiguration.builder()
                .addLimit(l -> l.capacity(BURST).refillGreedy(1, Duration.ofMinutes(1))).build()).getAvailableTokens();
        assertTrue(left <= BURST - UNSYNCHRONIZED, "the cluster's bucket holds " + left + " of " + BURST
                + ", though the node's telling after the row went carried " + UNSYNCHRONIZED + " verifies");
    }

    /** The nodes' clock as Bucket4j reads it, for a look at the table from outside the nodes. */
    private io.github.bucket4j.TimeMeter onTheNodesClock() {
        return new io.github.bucket4j.TimeMeter() {
            @Override
            public long currentTimeNanos() {
                return clock.nanoTime(); // nanoseconds since the epoch, as the nodes' wall clock
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
    }

    /**
     * Spends one more than a node lets through untold: the last verify waits until the cluster was told
     * (or the telling failed), so that what the telling did is there to be seen.
     */
    private static void tellTheCluster(SharedBudgets node, String client) {
        for (int i = 0; i <= UNSYNCHRONIZED; i++) {
            node.spend(client);
        }
    }

    private long rows() {
        try (Connection c = pools.get(0).getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT count(*) FROM playtcha_client_budget")) {
            r.next();
            return r.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
