package com.playtcha.jakarta.internal.ledger;

import com.playtcha.jakarta.core.InvalidSettingException;
import com.playtcha.jakarta.core.LedgerEntry;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.Reconciliation;
import com.playtcha.jakarta.core.Setting;
import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.internal.ledger.journal.FailingWrites;
import com.playtcha.jakarta.internal.ledger.journal.LedgerJournal;
import jakarta.json.spi.JsonProvider;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Requests that failed open, kept until their tokens are re-verified: the "nothing lost" half of
 * outage handling. The verifier records an entry for each fail-open decision; a background pass
 * re-verifies due entries once Playtcha answers again and hands each outcome to the listeners
 * exactly once (see {@link Reconciliation} for the outcomes).
 *
 * <p>How a pass goes. Entries are tried in the order they were recorded, from
 * {@value #FIRST_TRY_MILLIS} ms after they were let through, those that missed fewer times first,
 * up to {@value #PARALLEL} at a time (a quarter of {@code max-connections} when that is less, at
 * least one). When a
 * whole batch gets no verdict (Playtcha still down, the circuit breaker still open, our secret
 * refused) the pass stops and the ledger waits, {@value #FIRST_PAUSE_MILLIS} ms at first and twice
 * as long each time up to {@value #MAX_PAUSE_MILLIS} ms; a 429 waits for its {@code Retry-After}, at
 * least 1 s. Each entry also backs off on its own: one that got no verdict is tried again after
 * {@value #FIRST_PAUSE_MILLIS} ms, twice as long after each further miss, up to
 * {@value #MAX_PAUSE_MILLIS} ms, so a token Playtcha keeps answering 5xx (a poison token) costs one
 * post per pause and does not hold up the others. An entry older than the token's 5 minutes is
 * {@code expired} without another post.
 *
 * <p>Why fewest misses first: entries that keep failing (poison tokens) must not fill every batch
 * and, by failing together, pause the ledger for the entries behind them.
 *
 * <p>The re-verifications share the pool with live traffic (at most {@value #PARALLEL} connections
 * at a time, and they wait up to {@code timeout} for one where live verifies give up after
 * {@code lease-timeout}) but not the circuit breaker: what they meet is never counted, and they never take the
 * breaker's probe slots, so background work cannot open the breaker for live requests nor keep it
 * open. While the breaker is open and cooling down they hold off altogether.
 *
 * <p>Only an answer about the token settles an entry: verified, {@code token_invalid} or
 * {@code success: false} (rejected), {@code already_redeemed} (ambiguous, or rejected when our own
 * attempt never reached Playtcha because the breaker was open), {@code token_expired}. Any other 4xx
 * ({@code bad_secret}, {@code unknown_project}, a proxy's 403) says nothing about the token: the
 * entry waits, and expires unverified if nothing better comes, rather than flag a real person.
 *
 * <p>Bounded: at most {@code capacity} entries. A fail-open request that finds the ledger full (or
 * closed) is not recorded; it is counted, and the count goes to a WARNING and the dead-letter file.
 *
 * <p>Kept in memory, or, with {@code playtcha.ledger.directory}, in a {@link LedgerJournal} that is
 * replayed when the next verifier opens the directory. An entry is claimed before the listeners hear
 * it and journaled as reported after, so each is reported once (across a crash, see
 * {@link PlaytchaListener}).
 *
 * <p>A journal that cannot be written (a full disk) never stops a request: {@link #record} still
 * returns the entry, kept in memory, and the journal is rewritten from memory at the first pass that
 * can write it. A run of failed writes is logged once at ERROR when it starts and once at INFO when
 * writing works again ({@link FailingWrites}), not once per request.
 */
public final class FailOpenLedger implements AutoCloseable {

    /** Playtcha's result tokens live 5 minutes; after that a verify can only say {@code token_expired}. */
    static final Duration TOKEN_LIFETIME = Duration.ofMinutes(5);
    static final long FIRST_TRY_MILLIS = 1_000;
    static final long FIRST_PAUSE_MILLIS = 500;
    static final long MAX_PAUSE_MILLIS = 10_000;
    static final int PARALLEL = 4;
    /** How long closing waits for a pass in progress before it gives up on it. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(10);
    private static final long TICK_MILLIS = 250;

    private static final System.Logger LOG = System.getLogger(FailOpenLedger.class.getName());

    private final Function<String, VerificationResult> verifier;
    private final BooleanSupplier holdOff;
    private final Predicate<Reconciliation> deliver;
    private final Clock clock;
    private final int capacity;
    private final int parallel;
    private final LedgerJournal journal;
    private final ExecutorService workers;
    private final ScheduledExecutorService ticker;
    private volatile Thread tickerThread;
    private final ReentrantLock passing = new ReentrantLock();

    private final Object lock = new Object();
    /** Entries not yet claimed for reporting, in the order recorded. Guarded by {@link #lock}. */
    private final Map<String, Open> open = new LinkedHashMap<>();
    /** The tokens of {@link #open}, to refuse a second pass for one. Guarded by {@link #lock}. */
    private final Set<String> openTokens = new java.util.HashSet<>();
    private long pausedUntil;
    private long pause = FIRST_PAUSE_MILLIS;
    private volatile boolean closed;
    /** Fail-open requests not recorded (ledger full or closed) since the last dead-letter line. */
    private long unrecorded;
    private Instant unrecordedFirst;
    private Instant unrecordedLast;
    /** An append failed: the journal may hold half a line, or miss one; rewrite it from memory. */
    private boolean journalDirty;
    private final FailingWrites journalWrites;
    private final FailingWrites deadLetterWrites;
    private long rewriteOver = LedgerJournal.REWRITE_OVER_BYTES;

    private static final class Open {
        final LedgerEntry entry;
        /** Not re-verified before this time (epoch millis). Guarded by {@link #lock}. */
        long nextTry;
        /** Re-verifications of this entry that got no verdict, for its own back-off. Guarded by {@link #lock}. */
        int misses;
        /** The ledger has posted (or was about to post) this token itself. Guarded by {@link #lock}. */
        boolean posted;
        Reconciliation settled;

        Open(LedgerEntry entry, long firstTry, boolean posted, Reconciliation settled) {
            this.entry = entry;
            this.nextTry = firstTry;
            this.posted = posted;
            this.settled = settled;
        }

        /** After a miss: the next try waits {@value #FIRST_PAUSE_MILLIS} ms, doubling per miss up to the maximum. */
        void missed(long now) {
            misses++;
            nextTry = now + Math.min(MAX_PAUSE_MILLIS, FIRST_PAUSE_MILLIS << Math.min(misses - 1, 16));
        }
    }

    /**
     * @param journal  the durable store, or {@code null} to keep entries in memory
     * @param parallel how many posts at once, at most {@value #PARALLEL}
     * @param verifier posts a token past the circuit breaker (the verifier's {@code reverify})
     * @param holdOff  whether to post nothing for now (the breaker is open and cooling down)
     * @param tick     how often a background pass runs, or {@code null} for none (tests call {@link #pass()})
     * @param name     the background threads' name prefix
     */
    FailOpenLedger(LedgerJournal journal, int capacity, int parallel, Function<String, VerificationResult> verifier,
            BooleanSupplier holdOff, Predicate<Reconciliation> deliver, Clock clock, Duration tick, String name) {
        this.journal = journal;
        this.capacity = capacity;
        this.parallel = Math.max(1, Math.min(PARALLEL, parallel));
        this.verifier = verifier;
        this.holdOff = holdOff;
        this.deliver = deliver;
        this.clock = clock;
        journalWrites = new FailingWrites(LOG, clock, "journal", journal,
                "requests go on, their entries are kept in memory and the journal is rewritten from memory once it can be");
        deadLetterWrites = new FailingWrites(LOG, clock, "dead-letter file", journal,
                "its lines are logged at WARNING instead");
        if (journal != null) {
            try {
                for (LedgerJournal.Open replayed : journal.replay(capacity)) {
                    open.put(replayed.entry().id(), new Open(replayed.entry(), clock.millis(), replayed.posted(), replayed.settled()));
                    openTokens.add(replayed.entry().token());
                }
            } catch (LedgerJournal.RefusedFileException e) {
                journal.close();
                throw new InvalidSettingException(Setting.LEDGER_DIRECTORY, e.getMessage());
            } catch (IOException e) {
                journal.close();
                throw new InvalidSettingException(Setting.LEDGER_DIRECTORY, "the journal in " + journal
                        + " cannot be read or rewritten (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
            } catch (RuntimeException e) {
                journal.close(); // the lock with it: the next attempt must not find the directory in use
                throw e;
            }
            if (!open.isEmpty()) {
                LOG.log(Level.INFO, "Playtcha ledger: {0} fail-open entries from before the restart will be reconciled [{1}]",
                        open.size(), journal);
            }
        }
        AtomicInteger workerCount = new AtomicInteger();
        workers = Executors.newFixedThreadPool(this.parallel,
                task -> daemon(task, name + "-worker-" + workerCount.incrementAndGet(), null));
        if (tick == null) {
            ticker = null;
        } else {
            // Listeners are application code: the thread that calls them runs with the application's loader.
            ClassLoader application = Thread.currentThread().getContextClassLoader();
            ticker = Executors.newSingleThreadScheduledExecutor(task -> tickerThread = daemon(task, name, application));
            ticker.scheduleWithFixedDelay(this::passQuietly, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Starts the ledger of one verifier: opens (and replays) its journal when
     * {@code settings.durable()}, and a background pass every {@value #TICK_MILLIS} ms.
     *
     * @param maxConnections the verifier's pool size: posts go {@code maxConnections / 4} at a time (1 to {@value #PARALLEL})
     * @param reverify       posts a token past the circuit breaker (the verifier's background post)
     * @param holdOff        whether to post nothing for now (the breaker is open and cooling down)
     * @param deliver        hands an outcome to the listeners; {@code false} when one of them failed on it
     * @param threadName     the background threads' name prefix
     * @throws InvalidSettingException naming {@code playtcha.ledger.directory} when the directory or
     *                                 its journal cannot be used
     */
    public static FailOpenLedger start(PlaytchaSettings.Ledger settings, int maxConnections,
            Function<String, VerificationResult> reverify, BooleanSupplier holdOff, Predicate<Reconciliation> deliver,
            String threadName) {
        LedgerJournal journal = settings.durable() ? LedgerJournal.open(settings.directory(), JsonProvider.provider()) : null;
        return new FailOpenLedger(journal, settings.capacity(), maxConnections / 4, reverify, holdOff, deliver,
                Clock.systemUTC(), Duration.ofMillis(TICK_MILLIS), threadName);
    }

    /** A daemon thread of the ledger's; stopped by {@link #close()}. */
    private static Thread daemon(Runnable task, String name, ClassLoader loader) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.setContextClassLoader(loader);
        return thread;
    }

    /**
     * Records a fail-open decision and returns at once: a durable ledger has journaled it before this
     * returns; it is re-verified later on the ledger's threads. Returns {@code null} when the ledger
     * is full or closed: then the request is only counted.
     */
    public LedgerEntry record(String token, String path, String remoteAddress, String cause) {
        Instant now = clock.instant();
        synchronized (lock) {
            if (closed || open.size() >= capacity) {
                if (unrecorded++ == 0) {
                    unrecordedFirst = now;
                    LOG.log(Level.WARNING, "Playtcha ledger is {0}: fail-open requests are not recorded, only counted "
                            + "[open={1}, playtcha.ledger.capacity={2}, path={3}, remote={4}]",
                            closed ? "closed" : "full", open.size(), capacity, path, remoteAddress);
                }
                unrecordedLast = now;
                return null;
            }
            LedgerEntry entry = new LedgerEntry(UUID.randomUUID().toString(), token, now, path, remoteAddress, cause);
            append(entry.id(), j -> j.recorded(entry));
            open.put(entry.id(), new Open(entry, now.toEpochMilli() + FIRST_TRY_MILLIS, false, null));
            openTokens.add(token);
            return entry;
        }
    }

    /**
     * Whether a request with this token already went on without a verdict and waits here. A
     * single-use token passes at most once: the verifier refuses it a second time without asking
     * Playtcha, so a token that Playtcha keeps failing on (a poison token) cannot be replayed for
     * pass after pass.
     */
    public boolean holds(String token) {
        synchronized (lock) {
            return openTokens.contains(token);
        }
    }

    /** Entries recorded and not yet reported. */
    public int size() {
        synchronized (lock) {
            return open.size();
        }
    }

    private void passQuietly() {
        try {
            pass();
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            // Anything else must not end the schedule: no entry would ever be reconciled again.
            LOG.log(Level.ERROR, "Playtcha ledger pass failed; it runs again shortly", e);
        }
    }

    /** One round: deliver what is settled, expire what is too old, re-verify what is due. One at a time. */
    public void pass() {
        passing.lock();
        try {
            List<Open> ready = new ArrayList<>();
            List<Open> due = new ArrayList<>();
            long now = clock.millis();
            synchronized (lock) {
                for (Open o : open.values()) {
                    if (o.settled == null && now - o.entry.time().toEpochMilli() >= TOKEN_LIFETIME.toMillis()) {
                        settle(o, Reconciliation.Outcome.EXPIRED, null);
                    }
                    if (o.settled != null) {
                        ready.add(o);
                    } else if (now >= o.nextTry && now >= pausedUntil) {
                        due.add(o);
                    }
                }
            }
            if (!due.isEmpty() && holdOff.getAsBoolean()) {
                due.clear(); // Playtcha failed live traffic moments ago: no posts until the cool-down ends
            }
            synchronized (lock) {
                due.sort(java.util.Comparator.comparingInt(o -> o.misses)); // stable: recorded order within a count
            }
            for (Open o : ready) {
                if (closed) {
                    break;
                }
                deliver(o);
            }
            for (int from = 0; from < due.size() && !closed; from += parallel) {
                if (!reverify(due.subList(from, Math.min(due.size(), from + parallel)))) {
                    break;
                }
            }
            deadLetterUnrecorded();
            tidyJournal();
        } finally {
            passing.unlock();
        }
    }

    /** Re-verifies one batch at once; returns false when none got a verdict and the pass should stop. */
    private boolean reverify(List<Open> batch) {
        List<Future<VerificationResult>> answers = new ArrayList<>();
        boolean[] postedBefore = new boolean[batch.size()];
        for (int i = 0; i < batch.size(); i++) {
            Open o = batch.get(i);
            synchronized (lock) {
                postedBefore[i] = o.posted;
                markPosting(o);
            }
            answers.add(workers.submit(() -> verifier.apply(o.entry.token())));
        }
        boolean anyVerdict = false;
        long wait = 0;
        for (int i = 0; i < batch.size(); i++) {
            Open o = batch.get(i);
            VerificationResult result = await(answers.get(i));
            Reconciliation.Outcome outcome = result == null ? null
                    : ReconciliationPolicy.outcome(result, o.entry.cause(), postedBefore[i]).orElse(null);
            if (outcome == null) {
                wait = Math.max(wait, ReconciliationPolicy.pauseMillis(result));
                synchronized (lock) {
                    o.missed(clock.millis()); // tried again after its own back-off
                }
                continue;
            }
            anyVerdict = true;
            synchronized (lock) {
                settle(o, outcome, result);
            }
            deliver(o);
        }
        long now = clock.millis();
        synchronized (lock) {
            if (wait > 0) {
                pausedUntil = Math.max(pausedUntil, now + wait); // Playtcha's Retry-After, at least 1 s
            }
            if (anyVerdict) {
                pause = FIRST_PAUSE_MILLIS;
            } else {
                // A batch without a verdict waits, doubling up to the maximum.
                pausedUntil = Math.max(pausedUntil, now + pause);
                pause = Math.min(MAX_PAUSE_MILLIS, pause * 2);
            }
        }
        return anyVerdict && wait == 0;
    }

    private static VerificationResult await(Future<VerificationResult> answer) {
        try {
            return answer.get();
        } catch (ExecutionException e) {
            return null; // the verifier was closed under us; the entry stays for the next pass or start
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Journals, once and before the first post, that the ledger posts this token itself. Called with {@link #lock} held. */
    private void markPosting(Open o) {
        if (o.posted) {
            return;
        }
        o.posted = true;
        append(o.entry.id(), j -> j.posting(o.entry.id())); // when it fails, the rewrite from memory carries the mark
    }

    /** Called with {@link #lock} held. */
    private void settle(Open o, Reconciliation.Outcome outcome, VerificationResult result) {
        Reconciliation settled = new Reconciliation(o.entry, outcome, result, clock.instant());
        o.settled = settled;
        append(o.entry.id(), j -> j.settled(settled));
    }

    /**
     * Claims the entry (so nothing reports it twice), dead-letters what needs it, tells the
     * listeners, then journals it reported.
     */
    private void deliver(Open o) {
        synchronized (lock) {
            if (open.remove(o.entry.id()) == null) {
                return; // claimed already (by close, from a listener's thread)
            }
            openTokens.remove(o.entry.token());
        }
        Reconciliation r = o.settled;
        if (r.outcome() == Reconciliation.Outcome.EXPIRED) {
            deadLetter(r, r.result() == null ? "no verdict within the token's lifetime" : "Playtcha says the token expired");
        } else if (r.outcome() == Reconciliation.Outcome.ABANDONED) {
            deadLetter(r, "not re-verified: the in-memory ledger was closed first");
        }
        log(r);
        if (!delivered(r)) {
            deadLetter(r, "a PlaytchaListener failed on it");
        }
        append(r.entry().id(), j -> j.reported(r.entry().id()));
    }

    /** Hands the outcome to the listeners; whatever goes wrong there must not stop the ledger. */
    private boolean delivered(Reconciliation r) {
        try {
            return deliver.test(r);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) { // an Error from application code (a LinkageError after redeploy) too
            LOG.log(Level.WARNING, "Playtcha ledger: delivering a reconciliation failed [id=" + r.entry().id() + "]", e);
            return false;
        }
    }

    /** One append to the journal. */
    private interface Append {
        void to(LedgerJournal journal) throws IOException;
    }

    /**
     * Appends to the journal, when there is one. A failed append may have left half a line or none:
     * it marks the journal for a rewrite from memory at the next pass. Never throws: the caller may
     * be a request, which goes on whatever the disk says; a run of failures (a full disk) is logged
     * once, at its start, and once when writing works again.
     */
    private void append(String id, Append append) {
        if (journal == null) {
            return;
        }
        try {
            append.to(journal);
            journalWrites.succeeded();
        } catch (IOException e) {
            synchronized (lock) {
                journalDirty = true;
            }
            journalWrites.failed(e, "id=" + id);
        }
    }

    private void deadLetter(Reconciliation r, String reason) {
        if (journal == null) {
            LOG.log(Level.WARNING, "Playtcha ledger dead letter (no playtcha.ledger.directory, so only this line): {0} [id={1}, path={2}, remote={3}, cause={4}, outcome={5}]",
                    reason, r.entry().id(), r.entry().path(), r.entry().remoteAddress(), r.entry().cause(), r.outcome());
            return;
        }
        try {
            journal.deadLetter(r, reason);
            deadLetterWrites.succeeded();
        } catch (IOException e) {
            deadLetterWrites.failed(e, "id=" + r.entry().id());
            LOG.log(Level.WARNING, "Playtcha ledger dead letter (not written to its file): {0} [id={1}, path={2}, remote={3}, cause={4}, outcome={5}]",
                    reason, r.entry().id(), r.entry().path(), r.entry().remoteAddress(), r.entry().cause(), r.outcome());
        }
    }

    /** The count of requests the ledger could not record, as one line, then starts counting again. */
    private void deadLetterUnrecorded() {
        long count;
        Instant first;
        Instant last;
        synchronized (lock) {
            if (unrecorded == 0) {
                return;
            }
            count = unrecorded;
            first = unrecordedFirst;
            last = unrecordedLast;
            unrecorded = 0;
        }
        String reason = "the ledger was full (playtcha.ledger.capacity=" + capacity + ") or closed";
        LOG.log(Level.WARNING, "Playtcha ledger: {0} fail-open request(s) between {1} and {2} were not recorded: {3}",
                count, first, last, reason);
        if (journal != null) {
            try {
                journal.deadLetterUnrecorded(count, first, last, reason);
                deadLetterWrites.succeeded();
            } catch (IOException e) {
                deadLetterWrites.failed(e, "unrecorded=" + count); // the WARNING above has said it
            }
        }
    }

    private static void log(Reconciliation r) {
        LedgerEntry e = r.entry();
        Level level = r.outcome() == Reconciliation.Outcome.CONFIRMED ? Level.INFO : Level.WARNING;
        if (LOG.isLoggable(level)) {
            LOG.log(level, "Playtcha ledger: a request let through during an outage is {0} [id={1}, code={2}, path={3}, remote={4}, cause={5}, at={6}]",
                    r.outcome(), e.id(), r.code(), e.path(), e.remoteAddress(), e.cause(), e.time());
        }
    }

    /**
     * Empties the journal when nothing is open; rewrites it from memory after a failed append, or
     * when it has grown to twice its size after the last rewrite (at least 8 MiB), so a large but
     * live journal is not rewritten on every pass.
     */
    private void tidyJournal() {
        if (journal == null) {
            return;
        }
        synchronized (lock) {
            try {
                if (open.isEmpty() && !journalDirty) {
                    if (journal.size() > 0) {
                        journal.clear();
                    }
                } else if (journalDirty || journal.size() > rewriteOver) {
                    List<LedgerJournal.Open> still = new ArrayList<>();
                    open.values().forEach(o -> still.add(new LedgerJournal.Open(o.entry, o.posted, o.settled)));
                    journal.rewrite(still);
                    journalDirty = false;
                    rewriteOver = Math.max(LedgerJournal.REWRITE_OVER_BYTES, 2 * journal.size());
                    journalWrites.succeeded();
                }
            } catch (IOException e) {
                journalDirty = true; // retried after the next pass; logged with the run of failed writes it belongs to
                journalWrites.failed(e, "rewrite");
            }
        }
    }

    /**
     * Stops the background pass, waiting up to {@link #CLOSE_WAIT} for one in progress (it stops at
     * the next entry). A durable ledger keeps its open entries for the next start; an in-memory one
     * reports them {@code abandoned}, on the closing thread.
     */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        boolean fromOwnThread = Thread.currentThread() == tickerThread;
        if (ticker != null) {
            ticker.shutdown();
            if (!fromOwnThread) {
                awaitQuietly(ticker);
            }
        }
        workers.shutdown();
        boolean quiet;
        try {
            quiet = passing.tryLock(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            quiet = false;
        }
        if (!quiet) {
            LOG.log(Level.WARNING, "Playtcha ledger: a pass was still running after {0}s; closing without it [{1} open]",
                    CLOSE_WAIT.toSeconds(), size());
        }
        try {
            if (journal == null) {
                List<Open> last;
                Instant now = clock.instant();
                synchronized (lock) {
                    last = new ArrayList<>(open.values());
                    last.forEach(o -> {
                        if (o.settled == null) {
                            o.settled = new Reconciliation(o.entry, Reconciliation.Outcome.ABANDONED, null, now);
                        }
                    });
                }
                last.forEach(this::deliver);
            } else if (size() > 0) {
                LOG.log(Level.INFO, "Playtcha ledger closed with {0} open entries; they are reconciled after the next start [{1}]",
                        size(), journal);
            }
            deadLetterUnrecorded();
        } finally {
            if (quiet) {
                passing.unlock();
            }
            if (journal != null) {
                journal.close();
            }
        }
    }

    private static void awaitQuietly(ExecutorService executor) {
        try {
            if (!executor.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.log(Level.WARNING, "Playtcha ledger thread did not stop within {0}s", CLOSE_WAIT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
