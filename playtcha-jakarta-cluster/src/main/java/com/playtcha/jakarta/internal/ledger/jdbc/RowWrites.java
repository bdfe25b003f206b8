package com.playtcha.jakarta.internal.ledger.jdbc;

import com.playtcha.jakarta.core.LedgerEntry;
import com.playtcha.jakarta.internal.ledger.LedgerStore.Unwritable;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Clock;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;

/**
 * One statement at a time on the ledger's table, on a connection of its own from the pool, never
 * throwing. A failure is logged once per run of failures (never with the token: statements carry it
 * as a parameter, and errors here name none); the run is also what the status shows
 * ({@link #unwritable}) until a statement works again.
 */
final class RowWrites {

    private static final System.Logger LOG = System.getLogger(RowWrites.class.getName());

    interface Binding {
        void bind(PreparedStatement statement) throws SQLException;
    }

    private final DataSource db;
    private final String name;
    private final Redaction redaction;
    private final Clock clock;
    private final Object lock = new Object();
    /** The run of failures, or {@code null}; written under {@link #lock}, read without it by every write that works. */
    private volatile Unwritable failing;

    /** @param redaction what masks the credentials of {@code db} in the database's words */
    RowWrites(DataSource db, String name, Redaction redaction, Clock clock) {
        this.db = db;
        this.clock = clock;
        this.name = name;
        this.redaction = redaction;
    }

    /** How a write went. */
    enum Sent {
        /** The statement ran (whatever it changed). */
        MADE,
        /** It failed before the statement reached the database (no connection, not prepared): nothing was written. */
        UNSENT,
        /** It failed once the statement was sent (its answer lost, the connection broken at close): it may have been made. */
        UNCERTAIN,
        /**
         * The database refused it for good: SQL state class 22 (a value it cannot take) or 23 (a
         * constraint). The same write fails the same way again, so it is not tried again.
         */
        REFUSED,
        /** An entry's insert found its token claimed by another entry: nothing was written, nor ever will be. */
        TAKEN,
        /**
         * As {@link #TAKEN}, but the entry that holds the claim was recorded after this one: both nodes
         * let the token through (the database was away for this one), this one first.
         */
        TAKEN_LATER
    }

    /** One write and how it went; {@code cause} says why it failed (credentials masked), {@code null} when made. */
    record Attempt(Sent sent, String cause) {
    }

    /** Whether the statement ran (whatever it changed). */
    boolean write(String what, String sql, Binding binding) {
        return attempt(what, sql, binding).sent() == Sent.MADE;
    }

    /**
     * The write, and how it went. A refusal for good is no run of failures (the database works; that
     * write never will): the caller logs it, with what it drops.
     */
    Attempt attempt(String what, String sql, Binding binding) {
        return attempt(what, sql, binding, null);
    }

    /** {@link #attempt(String, String, Binding)} with {@code bound} for the database to answer ({@link #limit}). */
    Attempt attempt(String what, String sql, Binding binding, Duration bound) {
        boolean sent = false;
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            limit(c, s, bound);
            binding.bind(s);
            sent = true;
            s.executeUpdate();
            recovered();
            return new Attempt(Sent.MADE, null);
        } catch (SQLException | RuntimeException e) {
            return failure(what, e, sent);
        }
    }

    private Attempt failure(String what, Exception e, boolean sent) {
        String state = e instanceof SQLException q ? q.getSQLState() : null;
        if (state != null && (state.startsWith("22") || state.startsWith("23"))) {
            return new Attempt(Sent.REFUSED, cause(e, redaction));
        }
        failed(what, e);
        return new Attempt(sent ? Sent.UNCERTAIN : Sent.UNSENT, cause(e, redaction));
    }

    /**
     * The insert of an entry's row, which claims its token ({@link LedgerRows#INSERT}): {@link Sent#MADE}
     * when the row is there (this try's, or an earlier one's whose answer was lost), {@link Sent#TAKEN}
     * when another entry's row holds the token; otherwise as {@link #attempt}.
     */
    Attempt insert(LedgerEntry entry, String owner) {
        return insert(entry, owner, null, () -> true);
    }

    /**
     * {@link #insert(LedgerEntry, String)} as a claim makes it: {@code wanted} is asked once the pool lent a
     * connection (a request that stopped waiting may no longer want its row: {@link Sent#UNSENT} then,
     * nothing written), and the database has {@code bound} to answer ({@link #limit}).
     */
    Attempt insert(LedgerEntry entry, String owner, Duration bound, BooleanSupplier wanted) {
        boolean sent = false;
        boolean later = false;
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(LedgerRows.INSERT)) {
            if (!wanted.getAsBoolean()) {
                return new Attempt(Sent.UNSENT, "no longer wanted");
            }
            limit(c, s, bound);
            LedgerRows.insert(s, entry, owner);
            sent = true;
            boolean mine = s.executeUpdate() == 1;
            if (!mine) {
                try (PreparedStatement holder = c.prepareStatement(LedgerRows.HOLDER)) {
                    holder.setBytes(1, LedgerRows.hash(entry.token()));
                    try (ResultSet r = holder.executeQuery()) {
                        boolean found = r.next();
                        mine = found && entry.id().equals(r.getString(1));
                        later = found && !mine && r.getTimestamp(2).toInstant().isAfter(entry.time());
                    }
                }
            }
            recovered();
            return new Attempt(mine ? Sent.MADE : later ? Sent.TAKEN_LATER : Sent.TAKEN, null);
        } catch (SQLException | RuntimeException e) {
            return failure("record an entry", e, sent);
        }
    }

    /**
     * Gives the database {@code bound} to answer on this connection ({@code null}: no bound): the
     * statement's query timeout (whole seconds, at least one: the server cancels a statement that
     * waits on a lock) and the connection's network timeout a second later (a socket that a failover
     * left half-open, which a cancel never reaches, ends with an error). Without it a claim thread could
     * wait as long as the operating system's TCP timeout, some 15 minutes. A driver or pool without
     * network timeouts keeps the query timeout alone. The pool resets the network timeout, or the
     * connection is broken.
     */
    static void limit(Connection c, PreparedStatement s, Duration bound) throws SQLException {
        if (bound == null) {
            return;
        }
        s.setQueryTimeout((int) Math.max(1, (bound.toMillis() + 999) / 1000));
        try {
            c.setNetworkTimeout(Runnable::run, (int) Math.min(Integer.MAX_VALUE, bound.toMillis() + 1_000));
        } catch (SQLFeatureNotSupportedException | UnsupportedOperationException | AbstractMethodError e) {
            // the query timeout alone
        }
    }

    /** The current run of failures, or {@code null} while statements work. */
    Unwritable unwritable() {
        return failing;
    }

    void failed(String what, Exception e) {
        synchronized (lock) {
            if (failing != null) {
                return;
            }
            failing = new Unwritable(clock.instant(), "the fail-open ledger cannot " + what + " in the database of "
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
