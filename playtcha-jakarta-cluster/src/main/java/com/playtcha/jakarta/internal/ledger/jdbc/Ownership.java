package com.playtcha.jakarta.internal.ledger.jdbc;

import com.playtcha.jakarta.internal.ledger.SharedStore.Hold;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * One node's ownership of its rows in {@code playtcha_ledger}: the lease, renewed every third of
 * {@code playtcha.ledger.lease} on a thread of its own ({@code <ledger>-lease}) whatever the
 * passes and the listeners do; and the check, by update count, at every step of an entry
 * ({@link #update}). No row is locked across application code: the listeners run between two
 * updates, each in a transaction of its own.
 */
final class Ownership {

    private static final System.Logger LOG = System.getLogger(Ownership.class.getName());

    private final DataSource db;
    private final RowWrites rows;
    private final String owner;
    private final long renewMillis;
    private final ScheduledExecutorService thread;

    /** @param threadName the name of the lease's thread */
    Ownership(DataSource db, RowWrites rows, String owner, long leaseMillis, String threadName) {
        this.db = db;
        this.rows = rows;
        this.owner = owner;
        this.renewMillis = Math.max(1, leaseMillis / 3);
        thread = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread t = new Thread(task, threadName);
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

    /** On the lease thread: the lease on every open or settled row of this node's. */
    private void renew() {
        try {
            rows.write("renew the lease", LedgerRows.RENEW, s -> s.setString(1, owner));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Playtcha ledger: renewing the lease failed; tried again in " + renewMillis + " ms", e);
        }
    }

    /** Stops renewing, waiting up to {@code wait} ms for a renewal in progress. */
    void close(long wait) {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(wait, TimeUnit.MILLISECONDS)) {
                LOG.log(Level.WARNING, "Playtcha ledger: the lease thread did not stop within {0} ms", wait);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
