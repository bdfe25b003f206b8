package com.playtcha.jakarta.cluster.ledger;

import com.playtcha.jakarta.core.LedgerEntry;
import com.playtcha.jakarta.spi.store.SharedStore.Claim;
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
 * The claims on tokens that requests make when they fail open: each the table's insert of the entry's
 * row, made on a claim thread of the store's own ({@value #THREADS}, {@value #QUEUE} in line at most)
 * while the request waits at most {@code playtcha.cluster.timeout}; the table has four times that, at
 * least {@value #MIN_BOUND_SECONDS} s, to answer. An answer that comes late still counts: a row written
 * holds the token (or is withdrawn for a request refused meanwhile), a token taken is handed back by the
 * writer, a failure leaves the insert to the writer. Once a claim goes unanswered, claims are
 * {@link Claim#UNKNOWN} at once, and one probe at a time asks the table in the background until it
 * answers. Why: design/ledger.md, "TableStore, LedgerTable, JdbcTable".
 */
final class TokenClaims {

    static final int THREADS = 2;
    static final int QUEUE = 64;
    /** The least time the database has for a claim's statement ({@link JdbcTable#limit}). */
    static final long MIN_BOUND_SECONDS = 1;
    static final Duration MIN_BOUND = Duration.ofSeconds(MIN_BOUND_SECONDS);

    private static final System.Logger LOG = System.getLogger(TokenClaims.class.getName());

    private final LedgerTable table;
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
    TokenClaims(LedgerTable table, LedgerWriter writer, String owner, String store, String name) {
        this.table = table;
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

    /** {@link com.playtcha.jakarta.spi.store.SharedStore#claim}. */
    Claim claim(LedgerEntry entry, Duration wait, boolean hold) {
        if (unanswered.get()) {
            return probe(entry, hold);
        }
        Pending pending = new Pending(entry, hold, false, wait);
        LedgerTable.Attempt answer;
        try {
            claiming.execute(pending);
            answer = pending.await(wait);
        } catch (RejectedExecutionException e) {
            // this node's own backlog, not the database's silence: this claim alone goes unanswered
            failed(entry, hold, new LedgerTable.Attempt(LedgerTable.Sent.UNSENT, "no room for another claim"));
            return Claim.UNKNOWN;
        }
        if (answer == null) {
            if (pending.ranFor() >= wait.toNanos() / 2) {
                told(false); // the pool or the database took half the wait and more, and did not answer
            } // else it waited in line behind others most of its time: this node's own backlog
            return Claim.UNKNOWN; // the late answer is the claim thread's to handle
        }
        boolean answered = answered(answer);
        if (answer.sent() != LedgerTable.Sent.REFUSED) { // a value the database refuses is this entry's alone (JdbcTable)
            told(answered);
        }
        if (!answered) {
            failed(entry, hold, answer);
            return Claim.UNKNOWN;
        }
        return answer.sent() == LedgerTable.Sent.MADE ? Claim.CLAIMED : Claim.TAKEN;
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
                late.remove(entry.id()); // never in flight: the writer's alone, below
                probing.set(false); // closing, or the line is full
            }
        }
        failed(entry, hold, new LedgerTable.Attempt(LedgerTable.Sent.UNSENT, "claims go unanswered"));
        return Claim.UNKNOWN;
    }

    /**
     * The store answers again (its connection made again: Redis tells it): while claims go unanswered, one probe
     * asks the table now, in the background, so the claims after it are answered by the store whatever traffic
     * comes, not the first of them held on this node while it finds out.
     */
    void answersAgain() {
        if (!unanswered.get() || !probing.compareAndSet(false, true)) {
            return;
        }
        try {
            claiming.execute(() -> {
                try {
                    told(answered(table.probe(MIN_BOUND)));
                } finally {
                    probing.set(false);
                }
            });
        } catch (RejectedExecutionException e) {
            probing.set(false); // closing, or the line is full: the next claim probes
        }
    }

    private static boolean answered(LedgerTable.Attempt answer) {
        return answer.sent() == LedgerTable.Sent.MADE || answer.sent() == LedgerTable.Sent.TAKEN
                || answer.sent() == LedgerTable.Sent.TAKEN_LATER;
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
            if (r instanceof Pending pending) { // a probe of its own (answersAgain) has nothing to answer
                pending.answer(new LedgerTable.Attempt(LedgerTable.Sent.UNSENT, "the ledger is closing"));
            }
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
    private void failed(LedgerEntry entry, boolean hold, LedgerTable.Attempt answer) {
        if (hold) {
            writer.insert(entry.id(), entry.token(), () -> table.insert(entry, owner, null, () -> true));
        } else if (answer.sent() == LedgerTable.Sent.UNCERTAIN) {
            withdraw(entry);
        }
    }

    private void withdraw(LedgerEntry entry) {
        writer.mark(entry.id(), () -> table.withdraw(entry.id(), owner, null));
    }

    /**
     * On the claim thread, at once: a refused request's row that landed late holds its token until it
     * is deleted, and a retry elsewhere would be refused meanwhile. The writer tries again if this fails.
     */
    private void withdrawNow(LedgerEntry entry, Duration bound) {
        if (table.withdraw(entry.id(), owner, bound).sent() != LedgerTable.Sent.MADE) {
            withdraw(entry);
        }
    }

    /** The answer to a claim whose request stopped waiting for it (a probe's request never waited). */
    private void lateAnswer(LedgerEntry entry, boolean hold, boolean probe, Duration bound, LedgerTable.Attempt answer) {
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
                        writer.taken(entry.id(), entry.token(), answer.sent() == LedgerTable.Sent.TAKEN_LATER);
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
        private LedgerTable.Attempt answer;
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
            answer(probe && !hold ? table.probe(bound) : table.insert(entry, owner, bound, this::wanted));
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
        void answer(LedgerTable.Attempt attempt) {
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
        synchronized LedgerTable.Attempt await(Duration wait) {
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
