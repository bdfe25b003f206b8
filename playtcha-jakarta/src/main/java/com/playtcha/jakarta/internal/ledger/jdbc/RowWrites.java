package com.playtcha.jakarta.internal.ledger.jdbc;

import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * One statement at a time on the ledger's table, never throwing: on a connection of its own from
 * the pool, or, during a delivery on this thread, on that delivery's connection, inside its
 * transaction. A failure is logged once per run of failures (never with the token: statements
 * carry it as a parameter, and errors here name none), and asks the store to write its open entries
 * again ({@link #takeRepair}).
 */
final class RowWrites {

    private static final System.Logger LOG = System.getLogger(RowWrites.class.getName());

    interface Binding {
        void bind(PreparedStatement statement) throws SQLException;
    }

    private final DataSource db;
    private final String name;
    /** The connection of the delivery in progress on this thread, if any. */
    private final ThreadLocal<Connection> delivering = new ThreadLocal<>();
    private final Object lock = new Object();
    /** Guarded by {@link #lock}. */
    private boolean failing;
    private volatile boolean repair;

    RowWrites(DataSource db, String name) {
        this.db = db;
        this.name = name;
    }

    /** Runs {@code delivery} with its writes on {@code c}. */
    void during(Connection c, Runnable delivery) {
        delivering.set(c);
        try {
            delivery.run();
        } finally {
            delivering.remove();
        }
    }

    void write(String what, String sql, Binding binding) {
        Connection held = delivering.get();
        try (Connection own = held == null ? db.getConnection() : null;
                PreparedStatement s = (held != null ? held : own).prepareStatement(sql)) {
            binding.bind(s);
            s.executeUpdate();
            recovered();
        } catch (SQLException | RuntimeException e) {
            failed(what, e);
        }
    }

    /** Whether a write failed since the last call. */
    boolean takeRepair() {
        boolean was = repair;
        repair = false;
        return was;
    }

    void failed(String what, Exception e) {
        repair = true;
        synchronized (lock) {
            if (failing) {
                return;
            }
            failing = true;
        }
        LOG.log(Level.WARNING, "Playtcha ledger cannot " + what + " in the database of " + name + " ("
                + e.getClass().getSimpleName() + (e instanceof SQLException q ? ", SQL state " + q.getSQLState() : "")
                + ": " + e.getMessage() + "); requests go on, the entries are kept in memory and written again once it "
                + "works. Further failures are not logged until then.");
    }

    void recovered() {
        synchronized (lock) {
            if (failing) {
                failing = false;
                LOG.log(Level.INFO, "Playtcha ledger writes to the database of {0} again", name);
            }
        }
    }
}
