package com.playtcha.jakarta.cluster.ledger;

import com.playtcha.jakarta.core.Reconciliation.Outcome;
import com.playtcha.jakarta.spi.store.LogThrottle;
import com.playtcha.jakarta.spi.store.TokenDigest;
import com.playtcha.jakarta.spi.store.VerifierClock;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * The shared store's writer: the one thread, {@code <ledger>-writer}, that makes, in the order they
 * came, the writes no other thread may wait for: the inserts of claims that got no answer in time
 * ({@link #insert}, never waiting) and the records of deliveries the pass could not make ({@link #mark}).
 * A write that fails stays first in line, tried again after {@value #FIRST_PAUSE_MILLIS} ms, doubling up
 * to {@value #MAX_PAUSE_MILLIS} ms on the store's clock. An insert refused for good, or whose token
 * another entry holds, is handed back ({@link #refused}); closing returns the entries never inserted,
 * but not one whose insert may have landed. Why: design/ledger.md, "TableStore, LedgerTable, JdbcTable".
 */
final class LedgerWriter {

    static final long FIRST_PAUSE_MILLIS = 500;
    static final long MAX_PAUSE_MILLIS = 10_000;

    private static final System.Logger LOG = System.getLogger(LedgerWriter.class.getName());

    /** One write in line: an entry's insert (its {@code token} given) or a record of its delivery. */
    private record Write(String id, String token, Supplier<LedgerTable.Attempt> made) {
    }

    private final String store;
    private final VerifierClock clock;
    /**
     * The INFO lines on tokens another node let through too, one kind each: a failover holds hundreds of tokens at
     * once, and each entry is reported ({@code ambiguous} or {@code rejected}) anyway; at most one line per 10 s.
     */
    private final LogThrottle ambiguous = new LogThrottle(10, TimeUnit.SECONDS);
    private final LogThrottle rejected = new LogThrottle(10, TimeUnit.SECONDS);
    /** The entries queued and not inserted yet, by id, with their tokens (for the log at close). */
    private final Map<String, String> unwritten = new ConcurrentHashMap<>();
    /** Of those, the ones a try of which reached the database (its answer lost): their rows may be there. */
    private final Set<String> maybeStored = ConcurrentHashMap.newKeySet();
    /** Entries whose insert the database refused for good, or whose token was taken, not yet handed back ({@link #refused}). */
    private final ConcurrentLinkedQueue<Map.Entry<String, Outcome>> refused = new ConcurrentLinkedQueue<>();
    /** Writes handed over, not yet taken by the writer. */
    private final ConcurrentLinkedQueue<Write> handed = new ConcurrentLinkedQueue<>();
    /** Writes taken that failed, first in line: only the writer's thread touches it. */
    private final ConcurrentLinkedDeque<Write> pending = new ConcurrentLinkedDeque<>();
    private volatile boolean closing;
    /** Guards {@link #writing} and {@link #halted}; never held over a write. */
    private final Object turn = new Object();
    /** The write under way (over the database's I/O), or {@code null}. */
    private Write writing;
    /** Set by {@link #close}: no write starts after it. */
    private boolean halted;
    private final Thread thread;

    /**
     * @param store names the store in log lines
     * @param clock times the back-off (the store's clock, the ledger's)
     * @param name  the writer thread's name
     */
    LedgerWriter(String store, VerifierClock clock, String name) {
        this.store = store;
        this.clock = clock;
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.setContextClassLoader(null); // runs no application code: holds no application's loader
        thread.start();
    }

    /** Queues an entry's insert; {@code made} writes it and says how it went. Never waits. */
    void insert(String id, String token, Supplier<LedgerTable.Attempt> made) {
        unwritten.put(id, token);
        add(new Write(id, token, made));
    }

    /** Queues another write of an entry (a record of its delivery); {@code made} makes it and says how it went. */
    void mark(String id, Supplier<LedgerTable.Attempt> made) {
        add(new Write(id, null, made));
    }

    private void add(Write w) {
        handed.add(w);
        LockSupport.unpark(thread);
    }

    /** Entries queued and not inserted yet: the writer is behind, or the database cannot be written. */
    int unwritten() {
        return unwritten.size();
    }

    /**
     * The entries handed back since the last call, with their outcome: {@code abandoned} when the
     * database refused the insert for good, {@code rejected} when another entry holds the token.
     */
    Map<String, Outcome> refused() {
        Map<String, Outcome> back = new HashMap<>();
        for (Map.Entry<String, Outcome> e; (e = refused.poll()) != null; ) {
            back.put(e.getKey(), e.getValue());
        }
        return back;
    }

    /**
     * An entry held locally whose token another entry claimed: handed back, its token never posted.
     * Reported {@code rejected} when the other was let through first (this pass was the replay), and
     * {@code ambiguous} when this one was ({@code first}): both passed, and which was the user's cannot
     * be told; the other entry is reconciled as any other.
     */
    void taken(String id, String token, boolean first) {
        long since = (first ? ambiguous : rejected).count(clock.nanoTime());
        if (since > 0) {
            LOG.log(Level.INFO, "Playtcha ledger: another node also let a token through during the same outage, while this node "
                    + "held it locally, {0}; reported {1}, its token never posted (count: this entry and those since the last "
                    + "such line, at DEBUG) [count={5}, id={2}, token_sha256={3}, {4}]",
                    first ? "after this one" : "before this one", first ? "ambiguous" : "rejected (already_redeemed)",
                    id, TokenDigest.hex(token), store, since);
        } else {
            LOG.log(Level.DEBUG, "Playtcha ledger: another node also let a token through during the same outage, while this node "
                    + "held it locally, {0}; reported {1}, its token never posted [id={2}, token_sha256={3}, {4}]",
                    first ? "after this one" : "before this one", first ? "ambiguous" : "rejected (already_redeemed)",
                    id, TokenDigest.hex(token), store);
        }
        refused.add(Map.entry(id, first ? Outcome.AMBIGUOUS : Outcome.REJECTED));
        unwritten.remove(id);
        maybeStored.remove(id);
    }

    /** Whether {@code w} is done with (made, or refused for good) and not tried again; never once halted. */
    private boolean write(Write w) {
        synchronized (turn) {
            if (halted) {
                return false;
            }
            writing = w;
        }
        try {
            return doneWith(w, w.made().get());
        } finally {
            synchronized (turn) {
                writing = null;
            }
        }
    }

    /** Whether {@code w}, tried with this answer, is done with; what the answer says of its entry is noted. */
    private boolean doneWith(Write w, LedgerTable.Attempt attempt) {
        boolean insert = w.token() != null;
        switch (attempt.sent()) {
            case MADE -> {
                if (insert) {
                    unwritten.remove(w.id());
                    maybeStored.remove(w.id());
                }
                return true;
            }
            case REFUSED -> {
                drop(w, attempt.cause());
                return true;
            }
            case TAKEN, TAKEN_LATER -> {
                taken(w.id(), w.token(), attempt.sent() == LedgerTable.Sent.TAKEN_LATER);
                return true;
            }
            case UNCERTAIN -> {
                if (insert) {
                    maybeStored.add(w.id());
                }
                return false;
            }
            default -> {
                return false;
            }
        }
    }

    /** A write refused for good: logged (never the token, its digest), and dropped; an insert's entry handed back. */
    private void drop(Write w, String cause) {
        if (w.token() == null) {
            LOG.log(Level.ERROR, "Playtcha ledger: the database refuses for good to record the delivery of an entry ({0}); "
                    + "not tried again: the row stays settled under this node, and the node that takes it over after "
                    + "this one stops delivers it again [id={1}, {2}]", cause, w.id(), store);
            return;
        }
        LOG.log(Level.ERROR, "Playtcha ledger: the database refuses for good to store a fail-open entry ({0}); not tried "
                + "again: the entry is reported abandoned [id={1}, token_sha256={2}, {3}]",
                cause, w.id(), TokenDigest.hex(w.token()), store);
        maybeStored.remove(w.id());
        refused.add(Map.entry(w.id(), Outcome.ABANDONED));
        unwritten.remove(w.id());
    }

    private void run() {
        long pause = 0;
        long notBefore = 0;
        while (true) {
            boolean last = closing;
            if (!last) {
                if (pending.isEmpty() && handed.isEmpty()) {
                    LockSupport.park(this);
                    continue; // woken: new work, closing, or nothing (spurious)
                }
                long wait = notBefore - clock.millis();
                if (wait > 0) {
                    LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(wait)); // backing off: new writes join the line meanwhile
                    continue;
                }
            }
            if (drain()) {
                pause = 0;
            } else {
                pause = pause == 0 ? FIRST_PAUSE_MILLIS : Math.min(MAX_PAUSE_MILLIS, pause * 2);
                notBefore = clock.millis() + pause;
            }
            if (last) {
                return;
            }
        }
    }

    /** Writes what is in line until a write fails; whether all of it was written. */
    private boolean drain() {
        for (Write w; (w = next()) != null; ) {
            if (!write(w)) {
                pending.addFirst(w);
                return false;
            }
        }
        return true;
    }

    private Write next() {
        Write w = pending.pollFirst();
        return w != null ? w : handed.poll();
    }

    /**
     * Tries once more to write what is in line, waiting up to {@code wait}, then stops for good: no
     * write starts from now on. Returns the entries never inserted, {@code abandoned} (and those handed
     * back and not yet taken, as {@link #refused}), but not one whose insert may have landed: one still under
     * way past the wait (a pool's wait for a connection, which closing interrupts; a database that never
     * answers, whose connection the store aborts next), or one a try of which reached the database and lost
     * its answer. If such a row is there, its next owner reconciles it; if not, the entry is lost. Each is
     * logged here, and so is the count of records of deliveries never made.
     */
    Map<String, Outcome> close(Duration wait) {
        Set<String> never = neverStored(halt(wait));
        long records = pending.stream().filter(w -> w.token() == null).count()
                + handed.stream().filter(w -> w.token() == null).count();
        if (records > 0) {
            LOG.log(Level.WARNING, "Playtcha ledger closed with {0} records of deliveries its database never took; those "
                    + "rows stay open, and the node that takes them over delivers them again [{1}]", records, store);
        }
        if (!never.isEmpty()) {
            LOG.log(Level.WARNING, "Playtcha ledger closed with {0} fail-open entries its database never stored; no other "
                    + "node can take them over, so they are reported abandoned now [{1}]", never.size(), store);
        }
        Map<String, Outcome> back = refused();
        never.forEach(id -> back.putIfAbsent(id, Outcome.ABANDONED));
        return back;
    }

    /** Lets the writer try once more for up to {@code wait}, then halts it: the write still under way then, or {@code null}. */
    private Write halt(Duration wait) {
        closing = true;
        LockSupport.unpark(thread);
        try {
            thread.join(Math.max(1, wait.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Write inFlight;
        synchronized (turn) {
            halted = true;
            inFlight = writing;
        }
        thread.interrupt(); // a write still waiting for the pool's connection stops (HikariCP's wait ends on it); none starts now
        return inFlight;
    }

    /**
     * Once halted, the entries surely never inserted: those not written, less the ones whose insert may have
     * landed ({@code inFlight}'s, or one whose answer was lost), each of which is logged.
     */
    private Set<String> neverStored(Write inFlight) {
        Set<String> never = new HashSet<>(unwritten.keySet());
        Set<String> uncertain = new HashSet<>(maybeStored);
        if (inFlight != null && inFlight.token() != null) {
            uncertain.add(inFlight.id());
        }
        for (String id : uncertain) {
            String token = unwritten.get(id);
            if (never.remove(id) && token != null) {
                LOG.log(Level.WARNING, "Playtcha ledger closed while a fail-open entry was being written to its database, "
                        + "or after a write of it whose answer was lost: it may be in the table; if it is, the node that next "
                        + "holds the row (this one after a restart, or one that adopts it) reconciles it; otherwise it is lost "
                        + "[id={0}, token_sha256={1}, {2}]", id, TokenDigest.hex(token), store);
            }
        }
        return never;
    }
}
