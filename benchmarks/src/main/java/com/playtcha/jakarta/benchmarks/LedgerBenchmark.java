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
 * waits {@value SeveredDataSource#POOL_WAIT_MILLIS} ms for a connection and gives up). Recording
 * must not wait for it: judged against {@value #DATABASE_DOWN_P99_MILLIS} ms at p99.
 */
final class LedgerBenchmark {

    enum Pace { SATURATED, PACED }

    /** One store and pace: entries recorded, per second, refusals, and the latency of one record in microseconds. */
    record Result(String store, Pace pace, long entries, long refused, double perSecond, double p50Micros, double p99Micros,
            double maxMicros) {
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
            results.add(measure(DATABASE_DOWN, Pace.PACED, b -> b.ledgerDataSource(name), down::sever));
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
        return measure(store, pace, ledger, () -> { });
    }

    /** @param before what happens after the warm-up, just before the measured window (the database goes away) */
    private Result measure(String store, Pace pace, UnaryOperator<PlaytchaSettings.Builder> ledger, Runnable before)
            throws Exception {
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
        Result r = new Result(store, pace, all.length, window.refused(), all.length / window.seconds(),
                Stats.percentile(all, 0.5) / 1e3, Stats.percentile(all, 0.99) / 1e3, Stats.percentile(all, 1.0) / 1e3);
        progress.accept(String.format(Locale.ROOT, "Ledger %s %s: %d entries, %.0f/s, %d refused, p50 %.1f us, p99 %.1f us",
                store, pace, r.entries(), r.perSecond(), r.refused(), r.p50Micros(), r.p99Micros()));
        return r;
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
                + "fails open and stores its entry before it returns (memory, the journal) or hands it to the database store's writer, "
                + "which inserts it just after (PostgreSQL), so its duration is what a request that fails open costs during "
                + "an outage, recording included, with no network in it. PostgreSQL runs on this machine (loopback), "
                + "through a pool of %d connections, "
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
        md.line("- **%s**: PostgreSQL again at the outage's pace, the database gone after the warm-up: the pool waits %d ms "
                + "for a connection that never comes, as with a stopped server. A request hands its entry to the ledger's "
                + "writer and goes on, so this p99 is judged against %.0f ms.", DATABASE_DOWN, SeveredDataSource.POOL_WAIT_MILLIS,
                DATABASE_DOWN_P99_MILLIS);
        md.line("");
        md.line("| Store | Pace | Entries | Entries/s | Refused (full) | p50 | p99 | max |");
        md.line("|---|---|---:|---:|---:|---:|---:|---:|");
        for (Result r : results) {
            md.line("| %s | %s | %d | %s | %d | %.3f ms | %.3f ms | %.3f ms |", r.store(), r.pace().name().toLowerCase(Locale.ROOT),
                    r.entries(), String.format(Locale.ROOT, "%,.0f", r.perSecond()), r.refused(), r.p50Micros() / 1e3,
                    r.p99Micros() / 1e3, r.maxMicros() / 1e3);
        }
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

    /** Judged on PostgreSQL's paced p99 with the database gone, the live database's next to it. */
    static Targets.Target downTarget(List<Result> results) {
        String name = "Recording a fail-open request while the database cannot be reached adds under 1 ms at p99 (the pool "
                + "waits " + SeveredDataSource.POOL_WAIT_MILLIS + " ms)";
        Result down = paced(results, DATABASE_DOWN);
        if (down == null) {
            return new Targets.Target(name, Targets.Verdict.NOT_MEASURED, "the ledger part did not run");
        }
        Result up = paced(results, POSTGRESQL);
        String figures = String.format(Locale.ROOT, "database down p99 %.3f ms (p50 %.3f ms, max %.3f ms) over %,d entries "
                + "at %,.0f/s; database up p99 %.3f ms at the same pace", down.p99Micros() / 1e3, down.p50Micros() / 1e3,
                down.maxMicros() / 1e3, down.entries(), down.perSecond(), up == null ? 0 : up.p99Micros() / 1e3);
        double p99 = down.p99Micros() / 1e3;
        return p99 < DATABASE_DOWN_P99_MILLIS ? new Targets.Target(name, Targets.Verdict.MET, figures)
                : new Targets.Target(name, Targets.Verdict.NOT_MET, figures + String.format(Locale.ROOT, ", %.2f ms over",
                        p99 - DATABASE_DOWN_P99_MILLIS));
    }

    private static Result paced(List<Result> results, String store) {
        return results.stream().filter(r -> r.pace() == Pace.PACED && r.store().equals(store)).findFirst().orElse(null);
    }
}
