package com.playtcha.jakarta.internal.ledger.jdbc;

import com.playtcha.jakarta.internal.ledger.TokenDigest;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The database store's writer: the one thread, {@code playtcha-ledger-writer}, that makes the writes
 * no other thread may wait for, in the order they came. A fail-open request queues its entry's
 * insert ({@link #insert}: a lock-free queue and a wake-up, microseconds whatever the database does)
 * and goes on; the ledger's pass queues the record of a delivery ({@link #mark}) that it could not
 * make itself, so that the row does not stay open under this node's lease.
 *
 * <p>When a write fails (the database is down, a privilege revoked) it stays first in line and the
 * writer waits, {@value #FIRST_PAUSE_MILLIS} ms at first and twice as long after each further failure
 * up to {@value #MAX_PAUSE_MILLIS} ms, then tries again; a write that works ends the wait. Until an
 * entry's insert is made, the store answers {@code UNKNOWN} for it: its token is not posted, its
 * outcome not delivered.
 *
 * <p>What it costs: the entry is not in the database for a moment after {@code record} returns (the
 * time of one insert when the database is up); a JVM that dies in that moment loses it, as it loses
 * every entry still waiting for a database that is down. Closing gives the writer one last try
 * ({@link #close}) and returns the entries it could not insert, which the ledger reports
 * {@code abandoned}; but not one whose insert is still under way: closing never waits for it.
 */
final class LedgerWriter {

    static final long FIRST_PAUSE_MILLIS = 500;
    static final long MAX_PAUSE_MILLIS = 10_000;

    private static final System.Logger LOG = System.getLogger(LedgerWriter.class.getName());

    /** One write in line: an entry's insert (its {@code token} given) or a record of its delivery. */
    private record Write(String id, String token, BooleanSupplier made) {
    }

    private final String store;
    private final Clock clock;
    /** The entries queued and not inserted yet, by id, with their tokens (for the log at close). */
    private final Map<String, String> unwritten = new ConcurrentHashMap<>();
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
     */
    LedgerWriter(String store, Clock clock) {
        this.store = store;
        this.clock = clock;
        thread = new Thread(this::run, "playtcha-ledger-writer");
        thread.setDaemon(true);
        thread.setContextClassLoader(null); // runs no application code: holds no application's loader
        thread.start();
    }

    /** Queues an entry's insert; {@code made} says whether it was written. Never waits. */
    void insert(String id, String token, BooleanSupplier made) {
        unwritten.put(id, token);
        add(new Write(id, token, made));
    }

    /** Queues another write of an entry (a record of its delivery); {@code made} says whether it was made. */
    void mark(String id, BooleanSupplier made) {
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

    /** Whether {@code w} was made and need not be tried again; never once halted. */
    private boolean write(Write w) {
        synchronized (turn) {
            if (halted) {
                return false;
            }
            writing = w;
        }
        try {
            if (!w.made().getAsBoolean()) {
                return false;
            }
            if (w.token() != null) {
                unwritten.remove(w.id());
            }
            return true;
        } finally {
            synchronized (turn) {
                writing = null;
            }
        }
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
     * write starts from now on. Returns the ids of the entries never inserted, but for one whose
     * insert is still under way: that write runs over I/O we do not bound (a pool's wait for a
     * connection, a database that never answers), so closing neither waits for it nor reports it; if
     * it lands, the row is reconciled from the table, if not, the entry is lost. It is logged here.
     */
    Set<String> close(Duration wait) {
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
        Set<String> never = new HashSet<>(unwritten.keySet());
        if (inFlight != null && inFlight.token() != null && never.remove(inFlight.id())) {
            LOG.log(Level.WARNING, "Playtcha ledger closed while a fail-open entry was being written to its database; if "
                    + "the write lands, the node that next holds the row (this one after a restart, or one that adopts "
                    + "it) reconciles it; otherwise it is lost [id={0}, token_sha256={1}, {2}]",
                    inFlight.id(), TokenDigest.hex(inFlight.token()), store);
        }
        if (!never.isEmpty()) {
            LOG.log(Level.WARNING, "Playtcha ledger closed with {0} fail-open entries its database never stored; no other "
                    + "node can take them over, so they are reported abandoned now [{1}]", never.size(), store);
        }
        return never;
    }
}
