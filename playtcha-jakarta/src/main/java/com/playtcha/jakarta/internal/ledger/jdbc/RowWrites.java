package com.playtcha.jakarta.internal.ledger.jdbc;

import com.playtcha.jakarta.internal.ledger.LedgerStore.Unwritable;
import com.playtcha.jakarta.internal.ledger.StoredEntry;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * One statement at a time on the ledger's table, never throwing: on a connection of its own from
 * the pool, or, during a delivery on this thread, on that delivery's connection, inside its
 * transaction. A failure is logged once per run of failures (never with the token: statements
 * carry it as a parameter, and errors here name none), and asks the store to write its open entries
 * again ({@link #takeRepair}). The run is also what the status shows ({@link #unwritable}) until a
 * statement works again.
 */
final class RowWrites {

    private static final System.Logger LOG = System.getLogger(RowWrites.class.getName());

    interface Binding {
        void bind(PreparedStatement statement) throws SQLException;
    }

    private final DataSource db;
    private final String name;
    private final Redaction redaction;
    /** The connection of the delivery in progress on this thread, if any. */
    private final ThreadLocal<Connection> delivering = new ThreadLocal<>();
    private final Object lock = new Object();
    /** The run of failures, or {@code null}; written under {@link #lock}, read without it by every write that works. */
    private volatile Unwritable failing;
    private volatile boolean repair;

    /** @param redaction what masks the credentials of {@code db} in the database's words */
    RowWrites(DataSource db, String name, Redaction redaction) {
        this.db = db;
        this.name = name;
        this.redaction = redaction;
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

    /**
     * An entry's row as the ledger holds it, on one pooled connection: inserted unless it is there,
     * then marked posted when it is; whether all of it is written. Never its outcome: that is stored
     * by its delivery, which checks that this node still owns the row ({@code JdbcStore#settled}). Each statement stands
     * alone and changes nothing when run again, so a write that failed halfway is simply written again.
     */
    boolean entry(StoredEntry e, String owner) {
        try (Connection c = db.getConnection()) {
            run(c, LedgerRows.INSERT, s -> LedgerRows.insert(s, e.entry(), owner));
            if (e.posted()) {
                run(c, LedgerRows.POSTING, s -> {
                    s.setString(1, e.entry().id());
                    s.setString(2, owner);
                });
            }
            recovered();
            return true;
        } catch (SQLException | RuntimeException x) {
            failed("record an entry", x);
            return false;
        }
    }

    private static void run(Connection c, String sql, Binding binding) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            binding.bind(s);
            s.executeUpdate();
        }
    }

    /** Whether a write failed since the last call. */
    boolean takeRepair() {
        boolean was = repair;
        repair = false;
        return was;
    }

    /** The current run of failures, or {@code null} while statements work. */
    Unwritable unwritable() {
        return failing;
    }

    void failed(String what, Exception e) {
        repair = true;
        synchronized (lock) {
            if (failing != null) {
                return;
            }
            failing = new Unwritable(Instant.now(), "the fail-open ledger cannot " + what + " in the database of "
                    + "playtcha.ledger.datasource " + name + " (" + cause(e, redaction) + "): requests go on, their entries are kept "
                    + "in memory and written again once it works");
        }
        LOG.log(Level.WARNING, "Playtcha ledger cannot " + what + " in the database of " + name + " ("
                + e.getClass().getSimpleName() + (e instanceof SQLException q ? ", SQL state " + q.getSQLState() : "")
                + ": " + redaction.message(e) + "); requests go on, the entries are kept in memory and written again once it "
                + "works. Further failures are not logged until then.");
    }

    void recovered() {
        if (failing == null) {
            return; // every write that works passes here: one volatile read, no lock
        }
        synchronized (lock) {
            if (failing != null) {
                failing = null;
                LOG.log(Level.INFO, "Playtcha ledger writes to the database of {0} again", name);
            }
        }
    }

    /**
     * What failed, for a status page that more people read than the log: the exception's class, the
     * SQL state, and the database's own words (PostgreSQL's {@code permission denied for table
     * playtcha_ledger}), one line, at most 200 characters. A driver's message about the connection
     * (SQL state class 08, or 28 for the login) can name the host, port or user, so for those the state
     * says it alone; and any credential in the rest is masked ({@link Redaction}).
     */
    static String cause(Exception e, Redaction redaction) {
        String state = e instanceof SQLException q ? q.getSQLState() : null;
        String said = e.getClass().getSimpleName() + (state == null ? "" : ", SQL state " + state);
        if (e.getMessage() == null || state != null && (state.startsWith("08") || state.startsWith("28"))) {
            return said;
        }
        String text = e.getMessage().lines().findFirst().orElse("").strip();
        text = redaction.clean(text);
        return said + ": " + (text.length() > 200 ? text.substring(0, 200) + "..." : text);
    }
}
