package com.playtcha.jakarta.internal.ledger.jdbc;

import com.playtcha.jakarta.core.LedgerEntry;
import com.playtcha.jakarta.internal.ledger.SharedStore.Claim;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The claims on tokens that requests make when they fail open: each one the insert of the entry's
 * row ({@link RowWrites#insert}), made on a thread of the store's own ({@code <ledger>-claim}, two of
 * them, {@value #QUEUE} claims in line at most) while the request waits at most
 * {@code playtcha.cluster.timeout}, whatever the pool or the database do (a pool with no connection
 * to lend, a statement that hangs). A claim that finds the line full is {@link Claim#UNKNOWN} at once.
 * The database has four times that wait, at least {@value #MIN_BOUND_SECONDS} s, to answer a claim's
 * statement ({@link RowWrites#limit}): a statement waiting on a lock, or on a socket a failover left
 * half-open, ends then, so no claim thread is held for good. A refused request's claim that gets its
 * connection only after the request stopped waiting sends nothing; one that landed late is deleted at
 * once, on the claim thread, so that a retry on another node is not refused meanwhile.
 *
 * <p>An answer that comes after its request stopped waiting still counts: a row written holds the
 * token as a claim in time would (or, for a request that was refused meanwhile,
 * {@code claim-unavailable=refuse}, is deleted again); a token another entry took is handed back by
 * the writer ({@link LedgerWriter#taken}) and reported {@code rejected}; a failure leaves the insert
 * to the writer, which tries again until it works. Until then the entry counts as unwritten.
 *
 * <p>A claim that found the line full, or spent most of its wait in it, met this node's own backlog:
 * it alone is {@link Claim#UNKNOWN}. A claim that got no answer from the pool or the database (none in
 * time, or a failure) costs the requests after it nothing: from
 * then on a claim is {@link Claim#UNKNOWN} at once, its insert left to the writer, and one of them at a
 * time, the probe, still goes to the database in the background, its request not waiting for it (a
 * held request's probe is its insert; a refused one's a statement that changes nothing). The first
 * probe the database answers makes claims wait again. So a database that goes away costs a
 * request at most one {@code playtcha.cluster.timeout}, in the moment it goes, and then nothing until
 * it answers. One log line when claims stop getting answers, one when they get them again.
 */
final class TokenClaims {

    static final int THREADS = 2;
    static final int QUEUE = 64;
    /**
     * What a refused request's probe asks: a statement that changes nothing, so that a request refused
     * for want of an answer never claims its token, not even for a moment.
     */
    /** The least time the database has for a claim's statement ({@link RowWrites#limit}). */
    static final long MIN_BOUND_SECONDS = 1;
    static final Duration MIN_BOUND = Duration.ofSeconds(MIN_BOUND_SECONDS);
    static final String PROBE = "UPDATE playtcha_ledger_schema SET version = version WHERE false";

    private static final System.Logger LOG = System.getLogger(TokenClaims.class.getName());

    private final RowWrites rows;
    private final LedgerWriter writer;
    private final String owner;
    private final String store;
    private final ThreadPoolExecutor claiming;
    /** Entries held locally whose claim is still under way after their request stopped waiting. */
    private final Set<String> late = ConcurrentHashMap.newKeySet();
    /** Whether the last claim went unanswered: logged once per change. */
    private final AtomicBoolean unanswered = new AtomicBoolean();
    /** Whether a probe is under way while claims go unanswered: at most one at a time. */
    private final AtomicBoolean probing = new AtomicBoolean();

    /**
     * @param writer what writes an insert a claim could not make, and hands back a token taken late
     * @param store  names the store in log lines
     * @param name   the claim threads' name
     */
    TokenClaims(RowWrites rows, LedgerWriter writer, String owner, String store, String name) {
        this.rows = rows;
        this.writer = writer;
        this.owner = owner;
        this.store = store;
        claiming = new ThreadPoolExecutor(THREADS, THREADS, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE), r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            t.setContextClassLoader(null); // runs no application code: holds no application's loader
            return t;
        });
    }

    /** {@link com.playtcha.jakarta.internal.ledger.SharedStore#claim}. */
    Claim claim(LedgerEntry entry, Duration wait, boolean hold) {
        if (unanswered.get()) {
            return probe(entry, hold);
        }
        Pending pending = new Pending(entry, hold, false, wait);
        RowWrites.Attempt answer;
        try {
            claiming.execute(pending);
            answer = pending.await(wait);
        } catch (RejectedExecutionException e) {
            // this node's own backlog, not the database's silence: this claim alone goes unanswered
            failed(entry, hold, new RowWrites.Attempt(RowWrites.Sent.UNSENT, "no room for another claim"));
            return Claim.UNKNOWN;
        }
        if (answer == null) {
            if (pending.ranFor() >= wait.toNanos() / 2) {
                told(false); // the pool or the database took half the wait and more, and did not answer
            } // else it waited in line behind others most of its time: this node's own backlog
            return Claim.UNKNOWN; // the late answer is the claim thread's to handle
        }
        boolean answered = answered(answer);
        if (answer.sent() != RowWrites.Sent.REFUSED) { // a value the database refuses is this entry's alone (RowWrites)
            told(answered);
        }
        if (!answered) {
            failed(entry, hold, answer);
            return Claim.UNKNOWN;
        }
        return answer.sent() == RowWrites.Sent.MADE ? Claim.CLAIMED : Claim.TAKEN;
    }

    /**
     * While claims go unanswered: {@link Claim#UNKNOWN} at once; the claim goes to the database in the
     * background when no other probe is under way, else straight to the writer.
     */
    private Claim probe(LedgerEntry entry, boolean hold) {
        if (probing.compareAndSet(false, true)) {
            try {
                claiming.execute(new Pending(entry, hold, true, Duration.ZERO));
                return Claim.UNKNOWN;
            } catch (RejectedExecutionException e) {
                probing.set(false); // closing, or the line is full
            }
        }
        failed(entry, hold, new RowWrites.Attempt(RowWrites.Sent.UNSENT, "claims go unanswered"));
        return Claim.UNKNOWN;
    }

    private static boolean answered(RowWrites.Attempt answer) {
        return answer.sent() == RowWrites.Sent.MADE || answer.sent() == RowWrites.Sent.TAKEN
                || answer.sent() == RowWrites.Sent.TAKEN_LATER;
    }

    /** Entries held locally whose row is not written yet because their claim is still under way. */
    int unwritten() {
        return late.size();
    }

    /**
     * Stops the claim threads: a claim still in line gets no answer, and its insert goes to the
     * writer, which the store closes next; one under way is waited for up to {@code wait} (its
     * statement has a bound of its own), so that what it leaves to the writer reaches it before it closes.
     */
    void close(Duration wait) {
        for (Runnable r : claiming.shutdownNow()) {
            ((Pending) r).answer(new RowWrites.Attempt(RowWrites.Sent.UNSENT, "the ledger is closing"));
        }
        try {
            claiming.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Logs a change between claims answered and not. */
    private void told(boolean answered) {
        if (answered ? unanswered.compareAndSet(true, false) : unanswered.compareAndSet(false, true)) {
            if (answered) {
                LOG.log(Level.INFO, "Playtcha ledger: claims on tokens are answered by the database again; requests that "
                        + "fail open are held for the whole cluster [{0}]", store);
            } else {
                LOG.log(Level.WARNING, "Playtcha ledger: a claim on a token got no answer from the database in time "
                        + "(playtcha.cluster.timeout); requests that fail open are held on this node only, or refused with "
                        + "playtcha.ledger.claim-unavailable=refuse, until it answers. Not logged again until then [{0}]", store);
            }
        }
    }

    /**
     * A claim that did not work: the writer inserts a held entry later (and hands it back if its
     * token is taken meanwhile); a refused request's row, if the statement may have landed, is deleted.
     */
    private void failed(LedgerEntry entry, boolean hold, RowWrites.Attempt answer) {
        if (hold) {
            writer.insert(entry.id(), entry.token(), () -> rows.insert(entry, owner));
        } else if (answer.sent() == RowWrites.Sent.UNCERTAIN) {
            withdraw(entry);
        }
    }

    private void withdraw(LedgerEntry entry) {
        writer.mark(entry.id(), () -> rows.attempt("withdraw a claim", LedgerRows.WITHDRAW, withdrawing(entry)));
    }

    /**
     * On the claim thread, at once: a refused request's row that landed late holds its token until it
     * is deleted, and a retry elsewhere would be refused meanwhile. The writer tries again if this fails.
     */
    private void withdrawNow(LedgerEntry entry, Duration bound) {
        if (rows.attempt("withdraw a claim", LedgerRows.WITHDRAW, withdrawing(entry), bound).sent() != RowWrites.Sent.MADE) {
            withdraw(entry);
        }
    }

    private RowWrites.Binding withdrawing(LedgerEntry entry) {
        return s -> {
            s.setString(1, entry.id());
            s.setString(2, owner);
        };
    }

    /** The answer to a claim whose request stopped waiting for it (a probe's request never waited). */
    private void lateAnswer(LedgerEntry entry, boolean hold, boolean probe, Duration bound, RowWrites.Attempt answer) {
        if (probe) {
            told(answered(answer));
            probing.set(false);
            if (!hold) {
                return; // a refused request's probe wrote nothing
            }
        }
        try {
            switch (answer.sent()) {
                case MADE -> {
                    if (!hold) {
                        withdrawNow(entry, bound); // the request was refused: its row must not hold the token
                    }
                }
                case TAKEN, TAKEN_LATER -> {
                    if (hold) {
                        writer.taken(entry.id(), entry.token(), answer.sent() == RowWrites.Sent.TAKEN_LATER);
                    }
                }
                default -> failed(entry, hold, answer);
            }
        } finally {
            late.remove(entry.id());
        }
    }

    /** One claim: made on a claim thread, waited for by its request. */
    private final class Pending implements Runnable {
        private final LedgerEntry entry;
        private final boolean hold;
        private final boolean probe;
        /** How long the database has to answer this claim's statements: four times the request's wait, at least 1 s. */
        private final Duration bound;
        /** Guarded by this: the answer while the request waits; {@code late} once it stopped waiting (a probe's from the start). */
        private RowWrites.Attempt answer;
        private boolean late;
        /** When a claim thread took it from the line ({@link System#nanoTime}), or 0. */
        private long started;

        Pending(LedgerEntry entry, boolean hold, boolean probe, Duration wait) {
            this.entry = entry;
            this.hold = hold;
            this.probe = probe;
            this.bound = wait.multipliedBy(4).compareTo(MIN_BOUND) < 0 ? MIN_BOUND : wait.multipliedBy(4);
            this.late = probe;
            if (probe && hold) {
                TokenClaims.this.late.add(entry.id());
            }
        }

        @Override
        public void run() {
            synchronized (this) {
                if (late && !hold && !probe) {
                    return; // refused before anything was sent: nothing to write, nothing to undo
                }
                started = System.nanoTime();
            }
            answer(probe && !hold ? rows.attempt("ask the database", PROBE, s -> { }, bound)
                    : rows.insert(entry, owner, bound, this::wanted));
        }

        /** How long a claim thread has been at it: 0 while it waits in line. */
        synchronized long ranFor() {
            return started == 0 ? 0 : System.nanoTime() - started;
        }

        /** Whether the row is still wanted once the pool lent a connection: not for a request refused meanwhile. */
        private synchronized boolean wanted() {
            return hold || probe || !late;
        }

        /** Hands the answer to the waiting request, or handles it here when the request stopped waiting. */
        void answer(RowWrites.Attempt attempt) {
            synchronized (this) {
                if (!late) {
                    answer = attempt;
                    notifyAll();
                    return;
                }
            }
            lateAnswer(entry, hold, probe, bound, attempt);
        }

        /** The answer, or {@code null} when none came within {@code wait}: the claim is late from then on. */
        synchronized RowWrites.Attempt await(Duration wait) {
            long deadline = System.nanoTime() + wait.toNanos();
            boolean interrupted = false;
            while (answer == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    interrupted = true; // the request still gets its answer in time; the flag is kept for its caller
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            if (answer == null) {
                late = true;
                if (hold) {
                    TokenClaims.this.late.add(entry.id());
                }
            }
            return answer;
        }
    }
}
