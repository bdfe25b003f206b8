package com.playtcha.jakarta.internal.ledger.jdbc;

import com.playtcha.jakarta.internal.ledger.LedgerStore.Hold;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * One node's ownership of its rows in {@code playtcha_ledger}: the lease, renewed every third of
 * {@code playtcha.ledger.lease} on a thread of its own ({@code playtcha-ledger-lease}) whatever the
 * passes do; the check, by update count, before a post and when an outcome is stored
 * ({@link #update}); and the delivery under the row's lock, with the entry's last write in its
 * transaction ({@link #deliver}). A last write whose commit failed is made by the lease thread once
 * the database answers; if this node dies first, the node that takes the row over delivers the
 * stored outcome again.
 */
final class Ownership {

    private static final System.Logger LOG = System.getLogger(Ownership.class.getName());

    /** An entry's last write (reported, parked), made in its delivery's transaction, or later by the lease thread. */
    record Finish(String what, String sql, RowWrites.Binding binding) {
    }

    private final DataSource db;
    private final RowWrites rows;
    private final String owner;
    private final long renewMillis;
    private final ScheduledExecutorService thread;
    /** The last write of each entry being delivered, and of those delivered whose commit failed. */
    private final Map<String, Finish> finishing = new ConcurrentHashMap<>();
    /** Entries being delivered now: their last write is the delivery's, not the lease thread's. */
    private final Set<String> delivering = ConcurrentHashMap.newKeySet();

    Ownership(DataSource db, RowWrites rows, String owner, long leaseMillis) {
        this.db = db;
        this.rows = rows;
        this.owner = owner;
        this.renewMillis = Math.max(1, leaseMillis / 3);
        thread = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread t = new Thread(task, "playtcha-ledger-lease");
            t.setDaemon(true);
            t.setContextClassLoader(null); // it runs no application code: it pins no application's loader
            return t;
        });
        thread.scheduleWithFixedDelay(this::renew, renewMillis, renewMillis, TimeUnit.MILLISECONDS);
    }

    /**
     * One update of an entry of this node's, in a transaction of its own: {@link Hold#HELD} when it
     * changed the row, {@link Hold#LOST} when the row is there and not this node's (or done),
     * {@link Hold#UNKNOWN} when the statement failed or the row is not written yet (a failed or
     * pending insert is no takeover).
     */
    Hold update(String what, String id, String sql, RowWrites.Binding binding) {
        try (Connection c = db.getConnection()) {
            int changed;
            try (PreparedStatement s = c.prepareStatement(sql)) {
                binding.bind(s);
                changed = s.executeUpdate();
            }
            if (changed == 0) {
                try (PreparedStatement s = c.prepareStatement(LedgerRows.EXISTS)) {
                    s.setString(1, id);
                    try (ResultSet r = s.executeQuery()) {
                        changed = r.next() ? 0 : -1;
                    }
                }
            }
            rows.recovered();
            return changed > 0 ? Hold.HELD : changed == 0 ? Hold.LOST : Hold.UNKNOWN;
        } catch (SQLException | RuntimeException e) {
            rows.failed(what, e);
            return Hold.UNKNOWN;
        }
    }

    /** Keeps an entry's last write for its delivery's transaction. */
    void finish(String id, Finish last) {
        finishing.put(id, last);
    }

    /**
     * Locks the settled row, runs the delivery, makes the entry's last write and commits.
     * {@link Hold#LOST} when the row is not this node's; {@link Hold#UNKNOWN}, nothing run, when it
     * could not be locked (an outcome is never delivered without the lock).
     */
    Hold deliver(String id, Runnable delivery) {
        boolean ran = false;
        delivering.add(id);
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (!held(c, id)) {
                    return Hold.LOST;
                }
                ran = true;
                rows.during(c, delivery);
                Finish last = finishing.get(id);
                if (last != null) {
                    write(c, last);
                }
                c.commit();
                finishing.remove(id, last);
                rows.recovered();
            } finally {
                restore(c);
            }
        } catch (SQLException | RuntimeException e) {
            rows.failed(ran ? "store a delivered entry as reported" : "hold an entry for delivery", e);
            if (!ran) {
                return Hold.UNKNOWN;
            }
        } finally {
            delivering.remove(id);
        }
        return Hold.HELD;
    }

    private boolean held(Connection c, String id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(LedgerRows.HOLD)) {
            s.setString(1, id);
            s.setString(2, owner);
            try (ResultSet r = s.executeQuery()) {
                return r.next();
            }
        }
    }

    private static void write(Connection c, Finish last) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(last.sql())) {
            last.binding().bind(s);
            s.executeUpdate(); // 0 rows: another node took it over, and delivers its stored outcome again
        }
    }

    /** After a failure nothing of it is left; either way the pool gets the connection back as it lent it. */
    private static void restore(Connection c) {
        try {
            if (!c.getAutoCommit()) {
                c.rollback();
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            // the connection is broken; the pool discards it
        }
    }

    /** On the lease thread: the lease on every row of this node's, then the last writes whose commit failed. */
    private void renew() {
        try {
            rows.write("renew the lease", LedgerRows.RENEW, s -> s.setString(1, owner));
            finishing.forEach((id, last) -> {
                if (!delivering.contains(id)) {
                    finishLater(id, last);
                }
            });
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Playtcha ledger: renewing the lease failed; tried again in " + renewMillis + " ms", e);
        }
    }

    private void finishLater(String id, Finish last) {
        try (Connection c = db.getConnection()) {
            write(c, last);
            finishing.remove(id, last);
            rows.recovered();
        } catch (SQLException | RuntimeException e) {
            rows.failed(last.what(), e);
        }
    }

    /** Stops renewing (waiting up to {@code wait} ms for a renewal in progress) and makes a last attempt at the last writes. */
    void close(long wait) {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(wait, TimeUnit.MILLISECONDS)) {
                LOG.log(Level.WARNING, "Playtcha ledger: the lease thread did not stop within {0} ms", wait);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        finishing.forEach(this::finishLater);
    }
}
