package com.playtcha.jakarta.core;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Requests that failed open, kept until their tokens are re-verified: the "nothing lost" half of
 * outage handling. The verifier records an entry for each fail-open decision; a background pass
 * re-verifies due entries once Playtcha answers again and hands each outcome to the listeners
 * exactly once (see {@link Reconciliation} for the outcomes).
 *
 * <p>How a pass goes. Entries are tried in the order they were recorded, from
 * {@value #FIRST_TRY_MILLIS} ms after they were let through, {@value #PARALLEL} at a time. When a
 * re-verification gets no verdict (Playtcha still down, or the circuit breaker still open) the pass
 * stops and the ledger waits, {@value #FIRST_PAUSE_MILLIS} ms at first and twice as long each time
 * up to {@value #MAX_PAUSE_MILLIS} ms; a 429 waits for its {@code Retry-After}, at least 1 s. The
 * re-verifications go through the same pool and breaker as live traffic, so they never make an
 * outage worse. An entry older than the token's 5 minutes is {@code expired} without another post.
 *
 * <p>Kept in memory, or, with {@code playtcha.ledger.directory}, in a {@link LedgerJournal} that is
 * replayed when the next verifier opens the directory. An entry is removed only after its
 * reconciliation was handed to the listeners.
 */
final class FailOpenLedger implements AutoCloseable {

    /** Playtcha's result tokens live 5 minutes; after that a verify can only say {@code token_expired}. */
    static final Duration TOKEN_LIFETIME = Duration.ofMinutes(5);
    static final long FIRST_TRY_MILLIS = 1_000;
    static final long FIRST_PAUSE_MILLIS = 500;
    static final long MAX_PAUSE_MILLIS = 10_000;
    static final int PARALLEL = 4;
    private static final long TICK_MILLIS = 250;

    private static final System.Logger LOG = System.getLogger(FailOpenLedger.class.getName());

    private final Function<String, VerificationResult> verifier;
    private final Listeners listeners;
    private final Clock clock;
    private final int capacity;
    private final LedgerJournal journal;
    private final ExecutorService workers;
    private final ScheduledExecutorService ticker;

    private final Object lock = new Object();
    /** Entries not yet reported, in the order recorded. Guarded by {@link #lock}. */
    private final Map<String, Open> open = new LinkedHashMap<>();
    /** Reconciliations settled outside the map (abandoned for lack of room), waiting for delivery. */
    private final ArrayDeque<Reconciliation> overflow = new ArrayDeque<>();
    private long pausedUntil;
    private long pause = FIRST_PAUSE_MILLIS;
    private boolean closed;
    private long abandonedSinceLastWarning;

    private static final class Open {
        final LedgerEntry entry;
        final long firstTry;
        Reconciliation settled;

        Open(LedgerEntry entry, long firstTry, Reconciliation settled) {
            this.entry = entry;
            this.firstTry = firstTry;
            this.settled = settled;
        }
    }

    /**
     * @param journal  the durable store, or {@code null} to keep entries in memory
     * @param verifier posts a token; the verifier's own {@code verify}
     * @param tick     how often a background pass runs, or {@code null} for none (tests call {@link #pass()})
     * @param name     the background threads' name prefix
     */
    FailOpenLedger(LedgerJournal journal, int capacity, Function<String, VerificationResult> verifier, Listeners listeners,
            Clock clock, Duration tick, String name) {
        this.journal = journal;
        this.capacity = capacity;
        this.verifier = verifier;
        this.listeners = listeners;
        this.clock = clock;
        if (journal != null) {
            try {
                for (LedgerJournal.Open replayed : journal.replay()) {
                    open.put(replayed.entry().id(), new Open(replayed.entry(), clock.millis(), replayed.settled()));
                }
            } catch (IOException e) {
                journal.close();
                throw new InvalidSettingException(Setting.LEDGER_DIRECTORY, "the journal in " + journal
                        + " cannot be read or rewritten (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
            }
            if (!open.isEmpty()) {
                LOG.log(Level.INFO, "Playtcha ledger: {0} fail-open entries from before the restart will be reconciled [{1}]",
                        open.size(), journal);
            }
        }
        // Listeners are application code: the thread that calls them runs with the application's loader.
        ClassLoader application = Thread.currentThread().getContextClassLoader();
        workers = Executors.newFixedThreadPool(PARALLEL, daemon(name + "-worker", null));
        if (tick == null) {
            ticker = null;
        } else {
            ticker = Executors.newSingleThreadScheduledExecutor(daemon(name, application));
            ticker.scheduleWithFixedDelay(this::passQuietly, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    static Duration defaultTick() {
        return Duration.ofMillis(TICK_MILLIS);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name, ClassLoader loader) {
        java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, name + (name.endsWith("worker") ? "-" + count.incrementAndGet() : ""));
            thread.setDaemon(true);
            thread.setContextClassLoader(loader);
            return thread;
        };
    }

    /**
     * Records a fail-open decision. Returns at once: the line is in the journal (when durable) before
     * this returns, and the re-verification happens later on the ledger's threads.
     */
    LedgerEntry record(String token, String path, String remoteAddress, String cause) {
        Instant now = clock.instant();
        LedgerEntry entry = new LedgerEntry(UUID.randomUUID().toString(), token, now, path, remoteAddress, cause);
        synchronized (lock) {
            if (closed || open.size() >= capacity) {
                overflow.add(new Reconciliation(entry, Reconciliation.Outcome.ABANDONED, null, now));
                if (abandonedSinceLastWarning++ % 1000 == 0) {
                    LOG.log(Level.WARNING, "Playtcha ledger is {0}: fail-open requests are reported abandoned, not "
                            + "re-verified [open={1}, capacity={2}, playtcha.ledger.capacity]",
                            closed ? "closed" : "full", open.size(), capacity);
                }
                return entry;
            }
            if (journal != null) {
                try {
                    journal.recorded(entry);
                } catch (IOException e) {
                    LOG.log(Level.ERROR, "Playtcha ledger journal cannot be written; the entry is kept in memory only [id="
                            + entry.id() + ", " + journal + "]", e);
                }
            }
            open.put(entry.id(), new Open(entry, now.toEpochMilli() + FIRST_TRY_MILLIS, null));
        }
        return entry;
    }

    /** Entries recorded and not yet reported. */
    int size() {
        synchronized (lock) {
            return open.size();
        }
    }

    private void passQuietly() {
        try {
            pass();
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "Playtcha ledger pass failed; it runs again shortly", e);
        }
    }

    /** One round: deliver what is settled, expire what is too old, re-verify what is due. One at a time. */
    synchronized void pass() {
        List<Reconciliation> ready = new ArrayList<>();
        List<Open> due = new ArrayList<>();
        long now = clock.millis();
        synchronized (lock) {
            ready.addAll(overflow);
            overflow.clear();
            for (Open o : open.values()) {
                if (o.settled == null && now - o.entry.time().toEpochMilli() >= TOKEN_LIFETIME.toMillis()) {
                    settle(o, Reconciliation.Outcome.EXPIRED, null);
                }
                if (o.settled != null) {
                    ready.add(o.settled);
                } else if (now >= o.firstTry && now >= pausedUntil && !closed) {
                    due.add(o);
                }
            }
        }
        ready.forEach(this::deliver);
        for (int from = 0; from < due.size(); from += PARALLEL) {
            if (!reverify(due.subList(from, Math.min(due.size(), from + PARALLEL)))) {
                break;
            }
        }
        tidyJournal();
    }

    /** Re-verifies one batch at once; returns false when Playtcha gave no verdict and the pass should stop. */
    private boolean reverify(List<Open> batch) {
        List<Future<VerificationResult>> answers = new ArrayList<>();
        for (Open o : batch) {
            answers.add(workers.submit(() -> verifier.apply(o.entry.token())));
        }
        boolean answered = true;
        long wait = 0;
        for (int i = 0; i < batch.size(); i++) {
            VerificationResult result = await(answers.get(i));
            Reconciliation.Outcome outcome = result == null ? null : outcome(result);
            if (outcome == null) {
                answered = false;
                wait = Math.max(wait, retryAfterMillis(result));
                continue;
            }
            Open o = batch.get(i);
            Reconciliation settled;
            synchronized (lock) {
                settled = settle(o, outcome, result);
            }
            deliver(settled);
        }
        long now = clock.millis();
        synchronized (lock) {
            if (answered) {
                pause = FIRST_PAUSE_MILLIS;
            } else {
                // One wait per batch without a verdict, doubling up to the maximum; a 429 waits at least its Retry-After.
                pausedUntil = Math.max(pausedUntil, now + Math.max(pause, wait));
                pause = Math.min(MAX_PAUSE_MILLIS, pause * 2);
            }
        }
        return answered;
    }

    private static long retryAfterMillis(VerificationResult result) {
        if (result instanceof VerificationResult.Rejected limited && limited.httpStatus() == Decision.RATE_LIMITED_STATUS) {
            return limited.retryAfter() == null ? 1_000 : Math.max(1_000, limited.retryAfter().toMillis());
        }
        return 0;
    }

    private static VerificationResult await(Future<VerificationResult> answer) {
        try {
            return answer.get();
        } catch (ExecutionException e) {
            return null; // the verifier was closed under us; the entry stays for the next start
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The outcome of a re-verification, or {@code null} when it is no verdict and must be tried again. */
    static Reconciliation.Outcome outcome(VerificationResult result) {
        if (result instanceof VerificationResult.Verified) {
            return Reconciliation.Outcome.CONFIRMED;
        }
        if (result instanceof VerificationResult.Rejected rejected) {
            if (rejected.httpStatus() == Decision.RATE_LIMITED_STATUS) {
                return null;
            }
            if (rejected.httpStatus() == 409 || "already_redeemed".equals(rejected.code())) {
                return Reconciliation.Outcome.AMBIGUOUS;
            }
            if (rejected.httpStatus() == 410 || "token_expired".equals(rejected.code())) {
                return Reconciliation.Outcome.EXPIRED;
            }
            return Reconciliation.Outcome.REJECTED;
        }
        return null;
    }

    /** Called with {@link #lock} held. */
    private Reconciliation settle(Open o, Reconciliation.Outcome outcome, VerificationResult result) {
        o.settled = new Reconciliation(o.entry, outcome, result, clock.instant());
        if (journal != null) {
            try {
                journal.settled(o.settled);
            } catch (IOException e) {
                LOG.log(Level.ERROR, "Playtcha ledger journal cannot be written [id=" + o.entry.id() + ", " + journal + "]", e);
            }
        }
        return o.settled;
    }

    /** Dead-letters what needs it, tells the listeners, then notes it reported and forgets the entry. */
    private void deliver(Reconciliation r) {
        Reconciliation.Outcome outcome = r.outcome();
        if (outcome == Reconciliation.Outcome.EXPIRED || outcome == Reconciliation.Outcome.ABANDONED) {
            deadLetter(r, outcome == Reconciliation.Outcome.EXPIRED ? "no verdict within the token's lifetime"
                    : "not re-verified: the ledger was full or closed");
        }
        log(r);
        if (!listeners.reconciled(r)) {
            deadLetter(r, "a PlaytchaListener failed on it");
        }
        synchronized (lock) {
            if (open.remove(r.entry().id()) != null && journal != null) {
                try {
                    journal.reported(r.entry().id());
                } catch (IOException e) {
                    LOG.log(Level.ERROR, "Playtcha ledger journal cannot be written [id=" + r.entry().id() + ", " + journal + "]", e);
                }
            }
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
        } catch (IOException e) {
            LOG.log(Level.ERROR, "Playtcha ledger dead-letter file cannot be written [id=" + r.entry().id() + ", outcome="
                    + r.outcome() + ", path=" + r.entry().path() + ", remote=" + r.entry().remoteAddress() + "]", e);
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

    private void tidyJournal() {
        if (journal == null) {
            return;
        }
        synchronized (lock) {
            try {
                if (open.isEmpty()) {
                    if (journal.size() > 0) {
                        journal.clear();
                    }
                } else if (journal.size() > LedgerJournal.REWRITE_OVER_BYTES) {
                    List<LedgerJournal.Open> still = new ArrayList<>();
                    open.values().forEach(o -> still.add(new LedgerJournal.Open(o.entry, o.settled)));
                    journal.rewrite(still);
                }
            } catch (IOException e) {
                LOG.log(Level.WARNING, "Playtcha ledger journal could not be tidied; it is retried after the next pass [" + journal + "]", e);
            }
        }
    }

    /**
     * Stops the background pass and waits for one in progress (each re-verification is bounded by
     * the verify budget). A durable ledger keeps its open entries for the next start; an in-memory
     * one reports them {@code abandoned}.
     */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (ticker != null) {
            ticker.shutdown();
            awaitQuietly(ticker);
        }
        synchronized (this) { // no pass in progress from here on
            workers.shutdown();
            awaitQuietly(workers);
            List<Reconciliation> last = new ArrayList<>();
            synchronized (lock) {
                last.addAll(overflow);
                overflow.clear();
                if (journal == null) {
                    Instant now = clock.instant();
                    open.values().forEach(o -> last.add(o.settled != null ? o.settled
                            : new Reconciliation(o.entry, Reconciliation.Outcome.ABANDONED, null, now)));
                } else if (!open.isEmpty()) {
                    LOG.log(Level.INFO, "Playtcha ledger closed with {0} open entries; they are reconciled after the next start [{1}]",
                            open.size(), journal);
                }
            }
            last.forEach(this::deliver);
            if (journal != null) {
                journal.close();
            }
        }
    }

    private static void awaitQuietly(ExecutorService executor) {
        try {
            if (!executor.awaitTermination(1, TimeUnit.MINUTES)) {
                LOG.log(Level.WARNING, "Playtcha ledger threads did not stop within a minute");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
