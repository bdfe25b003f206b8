package com.playtcha.jakarta.internal.ledger;

import com.playtcha.jakarta.internal.ledger.LedgerStore.Hold;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The ledger's writes to a remote store (a database, {@link LedgerStore#remote}), and its writer: the
 * one thread, {@code <name>-writer}, that stores what fail-open requests recorded, so that no request
 * thread ever waits for the database. A request hands its entry over ({@link #add}: a lock-free queue and a
 * wake-up, microseconds whatever the database does) and goes on; the writer stores the entries in
 * the order they came, each as the ledger holds it at that moment (its posts noted, after a rewrite).
 *
 * <p>When a write fails (the database is down, a privilege revoked) the entry stays first in line
 * and the writer waits, {@value FailOpenLedger#FIRST_PAUSE_MILLIS} ms at first and twice as long
 * after each further failure up to {@value FailOpenLedger#MAX_PAUSE_MILLIS} ms, then tries again;
 * a write that works ends the wait. After a failed write of the ledger's other steps the store asks
 * for every open entry to be written again ({@link #rewriteAll}): that also happens here, one entry
 * at a time, never under the lock that requests record with. While an entry is not stored it is not
 * delivered ({@link OpenEntries#claim}): a node must not report an entry whose row it never wrote,
 * or a row written later would be reported again by another node.
 *
 * <p>Order. An entry's writes are made under the entry's own monitor, never under the lock requests
 * record with: the writer's ({@link #write}), and the note of a post ({@link #step}), which is asked
 * of the store only once the entry is stored (until then the token waits, unposted). Claiming an
 * entry for delivery takes the monitor too ({@link #claim}), and only once it is stored; its
 * outcome is then stored by its delivery, with the ownership check ({@link Delivery}). The writer
 * skips entries no longer open, so it never waits for a row that a delivery holds locked.
 *
 * <p>What it costs: the entry is not in the database for a moment after {@code record} returns (the
 * time of one insert when the database is up); a JVM that dies in that moment loses it, as it loses
 * every entry still waiting for a database that is down. Closing the ledger gives the writer one
 * last try ({@link #close}) and logs how many entries it could not store; the ledger then reports
 * those {@code abandoned} ({@link OpenEntries#abandonUnwritten}), but for one whose write is still
 * under way: closing never waits for it ({@link #halt}).
 */
final class LedgerWriter {

    private static final System.Logger LOG = System.getLogger(LedgerWriter.class.getName());

    /** What the writer reads from the ledger, under the ledger's lock. */
    interface Entries {
        /** The entry as the ledger holds it now, or {@code null} when it is no longer open (claimed or reported). */
        StoredEntry snapshot(OpenEntry o);

        /** Every open entry, in the order recorded. */
        List<OpenEntry> open();
    }

    private final LedgerStore store;
    private final Entries entries;
    private final String name;
    /** Open entries not stored yet. */
    private final AtomicInteger unwritten = new AtomicInteger();
    /** Entries handed over by requests, not yet taken by the writer. */
    private final ConcurrentLinkedQueue<OpenEntry> handed = new ConcurrentLinkedQueue<>();
    /** Entries taken and not yet stored, first in line: only the writer's thread touches it. */
    private final Deque<OpenEntry> pending = new ArrayDeque<>();
    private volatile boolean rewrite;
    private volatile boolean closing;
    /** Guards {@link #writing} and {@link #halted}; never held over a write. */
    private final Object turn = new Object();
    /** The entry whose write is under way (its monitor held, over the store's I/O), or {@code null}. */
    private OpenEntry writing;
    /** Set by {@link #halt}: no write starts after it. */
    private boolean halted;
    private final Thread thread;

    LedgerWriter(LedgerStore store, Entries entries, String name) {
        this.store = store;
        this.entries = entries;
        this.name = name;
        thread = new Thread(this::run, name + "-writer");
        thread.setDaemon(true);
        thread.setContextClassLoader(null); // runs no application code: holds no application's loader
        thread.start();
    }

    /** Hands a new entry over (under the ledger's lock, so that a rewrite of every open entry counts it); never waits. */
    void add(OpenEntry o) {
        unwritten.incrementAndGet();
        handed.add(o);
        LockSupport.unpark(thread);
    }

    /** Open entries the store does not have yet: the writer is behind, or the database cannot be written. */
    int unwritten() {
        return unwritten.get();
    }

    /**
     * Notes a post of an entry's token in the store, which answers whether this node still holds it,
     * once the store has the entry; {@link Hold#UNKNOWN} before that: the token is not posted now,
     * and a later pass asks again.
     */
    Hold step(OpenEntry o, Supplier<Hold> write) {
        synchronized (o) {
            return o.written ? write.get() : Hold.UNKNOWN;
        }
    }

    /** Claims an entry for delivery with {@code take}, if the store has it: none is delivered before its row exists. */
    boolean claim(OpenEntry o, Predicate<OpenEntry> take) {
        synchronized (o) {
            return o.written && take.test(o);
        }
    }

    /**
     * The entry as it is now, unless it left meanwhile; whether it need not be tried again. Not
     * once {@link #halt}ed: the write is then left for good ({@code false}).
     */
    private boolean write(OpenEntry o) {
        synchronized (turn) {
            if (halted) {
                return false;
            }
            writing = o;
        }
        try {
            synchronized (o) {
                StoredEntry now = entries.snapshot(o);
                if (now == null) {
                    return true;
                }
                if (!store.write(now)) {
                    return false;
                }
                if (!o.written) {
                    o.written = true;
                    unwritten.decrementAndGet();
                }
                return true;
            }
        } finally {
            synchronized (turn) {
                writing = null;
            }
        }
    }

    /** Writes every open entry again, after the ones handed over. */
    void rewriteAll() {
        rewrite = true;
        LockSupport.unpark(thread);
    }

    private void run() {
        long pause = 0;
        long notBefore = 0;
        while (true) {
            boolean last = closing;
            if (!last) {
                if (pending.isEmpty() && handed.isEmpty() && !rewrite) {
                    LockSupport.park(this);
                    continue; // woken: new work, closing, or nothing (spurious)
                }
                long wait = notBefore - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(this, wait); // backing off: new entries join the line meanwhile
                    continue;
                }
            }
            if (drain()) {
                pause = 0;
            } else {
                pause = pause == 0 ? FailOpenLedger.FIRST_PAUSE_MILLIS : Math.min(FailOpenLedger.MAX_PAUSE_MILLIS, pause * 2);
                notBefore = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(pause);
            }
            if (last) {
                return;
            }
        }
    }

    /** Writes what is in line until a write fails; whether all of it was written. */
    private boolean drain() {
        for (OpenEntry o; (o = next()) != null; ) {
            if (!write(o)) {
                pending.addFirst(o);
                return false;
            }
        }
        if (rewrite) {
            rewrite = false;
            pending.addAll(entries.open());
            return drain();
        }
        return true;
    }

    private OpenEntry next() {
        OpenEntry o = pending.pollFirst();
        return o != null ? o : handed.poll();
    }

    /**
     * Stops the writer for good, after {@link #close} (which may have given up on it): it starts no
     * write from now on. Returns the entry whose write is still under way, or {@code null}. That write
     * holds the entry's monitor over I/O we do not bound (a pool's wait for a connection, a database
     * that never answers), so whoever closes must not wait for that monitor, nor settle the entry: if
     * the write lands, the row is reconciled from the table; if not, the entry is lost. It is logged here.
     */
    OpenEntry halt() {
        OpenEntry inFlight;
        synchronized (turn) {
            halted = true;
            inFlight = writing;
        }
        if (inFlight != null && !inFlight.written) {
            LOG.log(Level.WARNING, "Playtcha ledger closed while a fail-open entry was being written to its database; if "
                    + "the write lands, the node that next holds the row (this one after a restart, or one that adopts "
                    + "it) reconciles it; otherwise it is lost [id={0}, token_sha256={1}, {2}]",
                    inFlight.entry.id(), TokenDigest.hex(inFlight.entry.token()), store);
        }
        return inFlight;
    }

    /** Tries once more to write what is in line, waiting up to {@code wait}, then stops; says what it could not write. */
    void close(Duration wait) {
        if (closing) {
            return; // closed already: the ledger asks first, then again on its way out
        }
        closing = true;
        LockSupport.unpark(thread);
        try {
            thread.join(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.log(Level.WARNING, "Playtcha ledger writer did not stop within {0}s [{1}]", wait.toSeconds(), name);
        }
        if (unwritten.get() > 0) {
            LOG.log(Level.WARNING, "Playtcha ledger closed with {0} fail-open entries its database never stored; no other "
                    + "node can take them over, so they are reported abandoned now [{1}]", unwritten.get(), store);
        }
    }
}
