package com.playtcha.jakarta.benchmarks;

import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.testpostgres.TestNaming;
import com.playtcha.jakarta.testpostgres.TestPostgres;
import com.zaxxer.hikari.HikariDataSource;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Fail-open entries into each ledger store, memory, the file journal ({@code ledger.directory}) and
 * PostgreSQL ({@code ledger.datasource}, a real server on this machine through a pool of {@value #POOL}
 * connections, found by JNDI), measured two ways ({@link LedgerDriver} times each fail-open request):
 * <ul>
 * <li><b>saturated</b>: {@value #THREADS} request threads record as fast as they can for
 *     {@code bench.seconds}, after {@code bench.warmup} seconds of the same on a verifier of its own:
 *     the most entries a second. The ledger holds at most {@value #SATURATED_CAPACITY}; when it is
 *     full the window ends there, so entries it refused never count as records;</li>
 * <li><b>paced</b>: the outage's pace, {@value LoadBenchmark#OUTAGE_CLIENTS} clients each failing open
 *     at most every 20 ms (800 entries a second), for {@code bench.warmup} then {@code bench.seconds}:
 *     what recording adds to a request that failed open during an outage. The 2 ms target is judged on
 *     this figure.</li>
 * </ul>
 * Playtcha is unreachable ({@code 127.0.0.1:9}) and the breaker is open (its one failure opens it
 * before the window), so every request is answered {@code circuit_open} at once, fails open and is
 * recorded, and the ledger's background re-verifications hold off, as in an outage: nothing leaves
 * the ledger.
 *
 * <p>And once more at the outage's pace with the database gone ({@value #DATABASE_DOWN}): the store
 * opens on the live database, which then cannot be reached ({@link SeveredDataSource}, a pool that
 * waits {@value SeveredDataSource#POOL_WAIT_MILLIS} ms for a connection and gives up). A request may
 * wait for the database at most {@code playtcha.cluster.timeout} (the claim on its token, issue 38), and
 * once the store knows the database is away, not at all: so that row keeps apart the requests that
 * started in the first {@value #SETTLE_TIMEOUTS} cluster timeouts after the database went away (the
 * transition, judged on its max) and those after (judged against {@value #DATABASE_DOWN_P99_MILLIS} ms at
 * p99). Without a claim, as before issue 38, there is no transition and both are the same figure.
 */
final class LedgerBenchmark {

    enum Pace { SATURATED, PACED }

    /**
     * One store and pace: entries recorded, per second, refusals, and the latency of one record in microseconds;
     * how many took over a millisecond; and the p99 and count of those that started {@code settledAfter} into the
     * window or later (for the database down, once the store can know it is away; zero for the others: all of them).
     */
    record Result(String store, Pace pace, long entries, long refused, double perSecond, double p50Micros, double p99Micros,
            double maxMicros, long overOneMilli, Duration settledAfter, long settledEntries, double settledP99Micros) {
    }

    static final int THREADS = 4;
    static final int POOL = 8;
    static final int SATURATED_CAPACITY = 1_000_000;
    static final String POSTGRESQL = "PostgreSQL";
    static final String DATABASE_DOWN = "PostgreSQL, database down";
    /** The bound on what recording adds while the database cannot be reached: the request never waits for it. */
    static final double DATABASE_DOWN_P99_MILLIS = 1;
    /** The bound on what recording a fail-open request in the database adds, at p99, on loopback. */
    static final double DATABASE_P99_MILLIS = 2;
    /** The database-down row's transition: this many {@code playtcha.cluster.timeout}s after the database went away. */
    static final int SETTLE_TIMEOUTS = 2;
    /** The proposed bound on the transition's slowest request beyond the cluster timeout (see {@link #downWaitTarget}). */
    static final double DOWN_WAIT_MARGIN_MILLIS = 50;
    private static final String JNDI = "java:comp/env/jdbc/bench-ledger-";
    /** Closing a saturated in-memory ledger reports each open entry abandoned, a WARNING each: not this report's subject. */
    private static final Logger LEDGER_LOG = Logger.getLogger("com.playtcha.jakarta.internal.ledger");

    private final Plan plan;
    private final Consumer<String> progress;
    private final List<HikariDataSource> pools = new ArrayList<>();
    private final List<SeveredDataSource> severed = new ArrayList<>();
    private int stores;

    LedgerBenchmark(Plan plan, Consumer<String> progress) {
        this.plan = plan;
        this.progress = progress;
    }

    List<Result> run() throws Exception {
        List<Result> results = new ArrayList<>();
        Level level = LEDGER_LOG.getLevel();
        LEDGER_LOG.setLevel(Level.SEVERE);
        try {
            Path dir = Files.createTempDirectory("bench-ledger");
            for (Pace pace : Pace.values()) {
                results.add(measure("memory", pace, b -> b));
                results.add(measure("file journal", pace, b -> b.ledgerDirectory(dir.resolve("journal-" + ++stores))));
                results.add(measure(POSTGRESQL, pace, b -> b.ledgerDataSource(database())));
            }
            SeveredDataSource down = new SeveredDataSource(TestPostgres.pool(TestPostgres.get().database(), POOL));
            severed.add(down);
            String name = JNDI + "down";
            TestNaming.bind(name, down);
            results.add(measure(DATABASE_DOWN, Pace.PACED, b -> b.ledgerDataSource(name), down::sever,
                    clusterTimeout().multipliedBy(SETTLE_TIMEOUTS)));
        } finally {
            LEDGER_LOG.setLevel(level);
            severed.forEach(SeveredDataSource::close);
            pools.forEach(HikariDataSource::close);
        }
        return results;
    }

    /** A new database behind a pool, bound in JNDI: every verifier starts on an empty table. */
    private String database() {
        HikariDataSource pool = TestPostgres.pool(TestPostgres.get().database(), POOL);
        pool.setMinimumIdle(POOL); // connections open before the window, not during it
        pools.add(pool);
        String name = JNDI + pools.size();
        TestNaming.bind(name, pool);
        return name;
    }

    private Result measure(String store, Pace pace, UnaryOperator<PlaytchaSettings.Builder> ledger) throws Exception {
        return measure(store, pace, ledger, () -> { }, Duration.ZERO);
    }

    /**
     * @param before  what happens after the warm-up, just before the measured window (the database goes away)
     * @param settled how far into the window a request starts to count as settled after {@code before}
     */
    private Result measure(String store, Pace pace, UnaryOperator<PlaytchaSettings.Builder> ledger, Runnable before,
            Duration settled) throws Exception {
        int threads = pace == Pace.PACED ? LoadBenchmark.OUTAGE_CLIENTS : THREADS;
        long interval = pace == Pace.PACED ? LoadBenchmark.OUTAGE_INTERVAL.toNanos() : 0;
        if (pace == Pace.SATURATED && plan.warmupSeconds() > 0) { // on a ledger of its own, or it would take the room
            try (PlaytchaVerifier verifier = PlaytchaVerifier.create(settings(ledger))) {
                driver(verifier).run(threads, interval, plan.warmupSeconds());
            }
        }
        LedgerDriver.Window window;
        try (PlaytchaVerifier verifier = PlaytchaVerifier.create(settings(ledger))) {
            LedgerDriver driver = driver(verifier);
            if (pace == Pace.PACED && plan.warmupSeconds() > 0) {
                driver.run(threads, interval, plan.warmupSeconds());
            }
            before.run();
            window = driver.run(threads, interval, plan.seconds());
        }
        long[] all = window.sortedNanos();
        long[] after = window.sortedNanos(settled.toNanos());
        long slow = java.util.Arrays.stream(all).filter(nanos -> nanos > 1_000_000).count();
        Result r = new Result(store, pace, all.length, window.refused(), all.length / window.seconds(),
                Stats.percentile(all, 0.5) / 1e3, Stats.percentile(all, 0.99) / 1e3, Stats.percentile(all, 1.0) / 1e3, slow,
                settled, after.length, Stats.percentile(after, 0.99) / 1e3);
        progress.accept(String.format(Locale.ROOT, "Ledger %s %s: %d entries, %.0f/s, %d refused, p50 %.1f us, p99 %.1f us, "
                + "max %.1f us, %d over 1 ms; from %d ms on: p99 %.1f us over %d", store, pace, r.entries(), r.perSecond(),
                r.refused(), r.p50Micros(), r.p99Micros(), r.maxMicros(), slow, settled.toMillis(), r.settledP99Micros(),
                r.settledEntries()));
        return r;
    }

    /** The verifiers' {@code playtcha.cluster.timeout}: its default. */
    static Duration clusterTimeout() {
        return settings(b -> b).clusterTimeout();
    }

    private static PlaytchaSettings settings(UnaryOperator<PlaytchaSettings.Builder> ledger) {
        return ledger.apply(PlaytchaSettings.builder("sk_bench_ledger").apiUrl(URI.create("http://127.0.0.1:9"))
                .breaker(new PlaytchaSettings.Breaker(true, 1, Duration.ofHours(1), 1)).clientBudgetEnabled(false)
                .ledgerCapacity(SATURATED_CAPACITY)).build();
    }

    /**
     * Fail-open decisions as a request makes them during an outage (the settings' fail mode is the
     * default, open): the one refused connection that opens the breaker is asked first, outside the window.
     */
    private static LedgerDriver driver(PlaytchaVerifier verifier) {
        String refused = verifier.ask("bench-opens-the-breaker").errorCode();
        if (!VerificationResult.NETWORK_ERROR.equals(refused)) {
            throw new IllegalStateException("127.0.0.1:9 answered " + refused + ", not network_error: the breaker stays closed");
        }
        return new LedgerDriver(verifier);
    }

    /** The report's section. */
    static void report(Markdown md, List<Result> results) {
        if (results.isEmpty()) {
            return;
        }
        md.line("## Ledger: recording a fail-open request, per store");
        md.line("");
        md.line("Each request is decided by the verifier's one call, which the open breaker answers `circuit_open` at once: it "
                + "fails open and records its entry before it returns. Memory and the journal store it; PostgreSQL "
                + "(`ledger.datasource`) does whatever that setting makes a request wait for: hand the entry to the store's "
                + "writer, which inserts it just after, and, where the shared ledger claims the token for the cluster "
                + "(issue 38), that claim, for at most `playtcha.cluster.timeout`. So the call's duration is what a request "
                + "that fails open costs during an outage, recording included, with no call to Playtcha in it. PostgreSQL runs "
                + "on this machine (loopback), through a pool of %d connections, "
                + "with fsync off (a test server: a production server's commit adds its disk's flush); "
                + "Playtcha is unreachable, so nothing leaves the ledger. Two paces per store, each on a new, empty store:", POOL);
        md.line("");
        md.line("- **saturated**: %d threads record as fast as they can for `bench.seconds` (after `bench.warmup` seconds of the "
                + "same on a ledger of its own): the most entries a second. The ledger holds %,d entries; once full it refuses "
                + "(counted, not timed) and the window ends there, so entries/s counts recorded entries only;", THREADS,
                SATURATED_CAPACITY);
        md.line("- **paced**: the outage's pace, %d clients each failing open at most every %d ms (%d entries/s), after "
                + "`bench.warmup` seconds of the same: what recording adds to a request during an outage. The 2 ms target for "
                + "PostgreSQL is judged on this p99.", LoadBenchmark.OUTAGE_CLIENTS, LoadBenchmark.OUTAGE_INTERVAL.toMillis(),
                LoadBenchmark.OUTAGE_CLIENTS * 1000 / LoadBenchmark.OUTAGE_INTERVAL.toMillis());
        md.line("");
        databaseDown(md);
        md.line("| Store | Pace | Entries | Entries/s | Refused (full) | p50 | p99 | max | Over 1 ms | p99 after |");
        md.line("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (Result r : results) {
            md.line("| %s | %s | %d | %s | %d | %.3f ms | %.3f ms | %.3f ms | %d | %s |", r.store(),
                    r.pace().name().toLowerCase(Locale.ROOT), r.entries(), String.format(Locale.ROOT, "%,.0f", r.perSecond()),
                    r.refused(), r.p50Micros() / 1e3, r.p99Micros() / 1e3, r.maxMicros() / 1e3, r.overOneMilli(),
                    r.settledAfter().isZero() ? "" : String.format(Locale.ROOT, "%.3f ms (from %d ms on, %d entries)",
                            r.settledP99Micros() / 1e3, r.settledAfter().toMillis(), r.settledEntries()));
        }
        md.line("");
    }

    /** The database-down row: which of its figures the targets judge, and why. */
    private static void databaseDown(Markdown md) {
        Duration timeout = clusterTimeout();
        md.line("- **%s**: PostgreSQL again at the outage's pace, the database gone after the warm-up: the pool waits %d ms "
                + "for a connection that never comes, as with a stopped server. A request that fails open may wait for the "
                + "database at most `playtcha.cluster.timeout` (%d ms: the claim on its token), and once the store knows the "
                + "database is away, not at all. So the requests that started in the first %d ms after it went away (the "
                + "transition: at most one such wait each, %d clients at once) are kept apart from those after it: the "
                + "%.0f ms p99 target is judged on the latter (`p99 after`), the transition on the slowest request (max). "
                + "A whole window's p99 depends on its length (%d of its requests are in the transition), so it is shown, not "
                + "judged. Where nothing waits for the database (before the claim), the two p99s are the same figure.",
                DATABASE_DOWN, SeveredDataSource.POOL_WAIT_MILLIS, timeout.toMillis(),
                timeout.multipliedBy(SETTLE_TIMEOUTS).toMillis(), LoadBenchmark.OUTAGE_CLIENTS, DATABASE_DOWN_P99_MILLIS,
                LoadBenchmark.OUTAGE_CLIENTS * timeout.multipliedBy(SETTLE_TIMEOUTS).toMillis()
                        / LoadBenchmark.OUTAGE_INTERVAL.toMillis());
        md.line("");
    }

    /** Judged on PostgreSQL's paced p99, the journal's and memory's next to it. */
    static Targets.Target target(List<Result> results) {
        String name = "Recording a fail-open request in PostgreSQL adds under 2 ms at p99 (loopback, at the outage's pace)";
        Result db = paced(results, POSTGRESQL);
        if (db == null) {
            return new Targets.Target(name, Targets.Verdict.NOT_MEASURED, "the ledger part did not run");
        }
        Result journal = paced(results, "file journal");
        Result memory = paced(results, "memory");
        String figures = String.format(Locale.ROOT, "PostgreSQL p99 %.2f ms (p50 %.2f ms) over %,d entries at %,.0f/s; file "
                + "journal p99 %.2f ms, memory %.3f ms at the same pace", db.p99Micros() / 1e3, db.p50Micros() / 1e3,
                db.entries(), db.perSecond(), journal == null ? 0 : journal.p99Micros() / 1e3,
                memory == null ? 0 : memory.p99Micros() / 1e3);
        double p99 = db.p99Micros() / 1e3;
        return p99 < DATABASE_P99_MILLIS ? new Targets.Target(name, Targets.Verdict.MET, figures)
                : new Targets.Target(name, Targets.Verdict.NOT_MET, figures + String.format(Locale.ROOT, ", %.2f ms over",
                        p99 - DATABASE_P99_MILLIS));
    }

    /**
     * Judged on PostgreSQL's paced p99 with the database gone, over the requests after the transition
     * ({@value #SETTLE_TIMEOUTS} cluster timeouts): once the store knows the database is away, a request
     * does not wait for it. The whole window's p99 and max, and the live database's p99, next to it.
     */
    static Targets.Target downTarget(List<Result> results) {
        String name = String.format(Locale.ROOT, "Recording a fail-open request while the database cannot be reached adds "
                + "under 1 ms at p99, from %d cluster timeouts after it went away on (the pool waits %d ms)", SETTLE_TIMEOUTS,
                SeveredDataSource.POOL_WAIT_MILLIS);
        Result down = paced(results, DATABASE_DOWN);
        if (down == null) {
            return new Targets.Target(name, Targets.Verdict.NOT_MEASURED, "the ledger part did not run");
        }
        Result up = paced(results, POSTGRESQL);
        String figures = String.format(Locale.ROOT, "database down, from %d ms on: p99 %.3f ms over %,d entries; the whole "
                + "window: p99 %.3f ms (p50 %.3f ms, max %.3f ms, %d over 1 ms) over %,d entries at %,.0f/s; database up "
                + "p99 %.3f ms at the same pace", down.settledAfter().toMillis(), down.settledP99Micros() / 1e3,
                down.settledEntries(), down.p99Micros() / 1e3, down.p50Micros() / 1e3, down.maxMicros() / 1e3,
                down.overOneMilli(), down.entries(), down.perSecond(), up == null ? 0 : up.p99Micros() / 1e3);
        double p99 = down.settledP99Micros() / 1e3;
        return p99 < DATABASE_DOWN_P99_MILLIS ? new Targets.Target(name, Targets.Verdict.MET, figures)
                : new Targets.Target(name, Targets.Verdict.NOT_MET, figures + String.format(Locale.ROOT, ", %.2f ms over",
                        p99 - DATABASE_DOWN_P99_MILLIS));
    }

    /**
     * The database's going away, as a request meets it: the slowest fail-open request of the window,
     * against one {@code playtcha.cluster.timeout}. Reported, not judged: the bound is for the lead to
     * set. Proposed: the timeout plus {@value #DOWN_WAIT_MARGIN_MILLIS} ms, since the claim waits at
     * most the timeout once and the margin covers a thread woken late on two busy CPUs; a request that
     * waited the pool's {@value SeveredDataSource#POOL_WAIT_MILLIS} ms instead would show the timeout
     * ignored.
     */
    static Targets.Target downWaitTarget(List<Result> results) {
        Duration timeout = clusterTimeout();
        String name = String.format(Locale.ROOT, "The database going away costs a fail-open request at most one "
                + "`playtcha.cluster.timeout` (%d ms): the window's slowest (reported; proposed bound %d ms + %.0f ms)",
                timeout.toMillis(), timeout.toMillis(), DOWN_WAIT_MARGIN_MILLIS);
        Result down = paced(results, DATABASE_DOWN);
        if (down == null) {
            return new Targets.Target(name, Targets.Verdict.NOT_MEASURED, "the ledger part did not run");
        }
        return new Targets.Target(name, Targets.Verdict.REPORTED, String.format(Locale.ROOT, "max %.3f ms; %d of %,d "
                + "requests over 1 ms; the whole window's p99 %.3f ms", down.maxMicros() / 1e3, down.overOneMilli(),
                down.entries(), down.p99Micros() / 1e3));
    }

    private static Result paced(List<Result> results, String store) {
        return results.stream().filter(r -> r.pace() == Pace.PACED && r.store().equals(store)).findFirst().orElse(null);
    }
}
