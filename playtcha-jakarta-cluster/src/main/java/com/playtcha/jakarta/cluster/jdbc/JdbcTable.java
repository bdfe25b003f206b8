package com.playtcha.jakarta.cluster.jdbc;

import com.playtcha.jakarta.cluster.ledger.LedgerTable;
import com.playtcha.jakarta.core.LedgerEntry;
import com.playtcha.jakarta.spi.store.LedgerStore.Unwritable;
import com.playtcha.jakarta.spi.store.StoredEntry;
import com.playtcha.jakarta.spi.store.VerifierClock;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;

/**
 * The {@link LedgerTable} {@code playtcha_ledger} in PostgreSQL ({@link LedgerRows}' statements), one
 * statement or transaction at a time on a connection of its own from the pool. A failure is logged
 * once per run of failures (never with the token: statements carry it as a parameter, and errors here
 * name none; credentials masked, {@link Redaction}); leases are the database's own time ({@code now()}).
 */
final class JdbcTable implements LedgerTable {

    private static final System.Logger LOG = System.getLogger(JdbcTable.class.getName());

    interface Binding {
        void bind(PreparedStatement statement) throws SQLException;
    }

    /**
     * A probe: a statement that changes nothing, so that a request refused for want of an answer never
     * claims its token, not even for a moment.
     */
    static final String PROBE = "UPDATE playtcha_ledger_schema SET version = version WHERE false";
    /** What the release of a closing node's entries waits at most (and a second more on its connection, {@link #limit}). */
    static final Duration RELEASE_BOUND = Duration.ofSeconds(1);

    private final DataSource db;
    private final String name;
    private final Redaction redaction;
    private final VerifierClock clock;
    private final Object lock = new Object();
    /** The run of failures, or {@code null}; written under {@link #lock}, read without it by every call that works. */
    private volatile Unwritable failing;

    /** @param redaction what masks the credentials of {@code db} in the database's words; {@code clock} dates a run of failures */
    JdbcTable(DataSource db, String name, Redaction redaction, VerifierClock clock) {
        this.db = db;
        this.clock = clock;
        this.name = name;
        this.redaction = redaction;
    }

    @Override
    public Attempt insert(LedgerEntry entry, String owner, Duration bound, BooleanSupplier wanted) {
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

    /** The step's update; when it changed nothing, whether the row is there ({@link LedgerRows#EXISTS}), on the same connection. */
    @Override
    public Attempt step(String id, String owner, Step step) {
        boolean sent = false;
        try (Connection c = db.getConnection()) {
            int changed;
            try (PreparedStatement s = c.prepareStatement(LedgerRows.step(step.kind()))) {
                LedgerRows.step(s, id, owner, step);
                sent = true;
                changed = s.executeUpdate();
            }
            boolean there = changed > 0;
            if (!there) {
                try (PreparedStatement s = c.prepareStatement(LedgerRows.EXISTS)) {
                    s.setString(1, id);
                    try (ResultSet r = s.executeQuery()) {
                        there = r.next();
                    }
                }
            }
            recovered();
            return new Attempt(changed > 0 ? Sent.MADE : there ? Sent.TAKEN : Sent.ABSENT, null);
        } catch (SQLException | RuntimeException e) {
            failed(step.kind().what, e); // a step that fails is a run of failures, whatever the database said
            return failure(step.kind().what, e, sent);
        }
    }

    @Override
    public Attempt withdraw(String id, String owner, Duration bound) {
        return attempt("withdraw a claim", LedgerRows.WITHDRAW, s -> {
            s.setString(1, id);
            s.setString(2, owner);
        }, bound);
    }

    @Override
    public Attempt probe(Duration bound) {
        return attempt("ask the database", PROBE, s -> { }, bound);
    }

    @Override
    public List<StoredEntry> adopt(String owner, long leaseMillis, int room) {
        try (Connection c = db.getConnection()) {
            List<StoredEntry> taken = LedgerRows.adopt(c, owner, leaseMillis, room);
            recovered();
            return taken;
        } catch (SQLException | RuntimeException e) {
            failed("take over entries of a stopped node", e);
            return List.of();
        }
    }

    @Override
    public boolean renew(String owner) {
        return write("renew the lease", LedgerRows.RENEW, s -> s.setString(1, owner));
    }

    /** At close, so bounded ({@link #RELEASE_BOUND}): a database that does not answer by then lets the lease run out instead. */
    @Override
    public boolean release(String owner) {
        return attempt("give the open entries up", LedgerRows.RELEASE, s -> s.setString(1, owner), RELEASE_BOUND).sent() == Sent.MADE;
    }

    /** Aborts the connections of the calls under way, on a {@link TimedDataSource} (what {@link JdbcStore} gives). */
    @Override
    public int abort() {
        return db instanceof TimedDataSource timed ? timed.abortAll() : 0;
    }

    @Override
    public boolean purge(long retentionMillis) {
        return write("delete rows past the retention", LedgerRows.PURGE, s -> s.setLong(1, retentionMillis));
    }

    /** Whether the statement ran (whatever it changed). */
    private boolean write(String what, String sql, Binding binding) {
        return attempt(what, sql, binding, null).sent() == Sent.MADE;
    }

    /**
     * The statement, and how it went. A refusal for good is no run of failures (the database works; that
     * statement never will): the caller logs it, with what it drops. {@code bound}: {@link #limit}.
     */
    private Attempt attempt(String what, String sql, Binding binding, Duration bound) {
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
    @Override
    public Unwritable unwritable() {
        return failing;
    }

    private void failed(String what, Exception e) {
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

    private void recovered() {
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

    @Override
    public String toString() {
        return "database " + name;
    }
}
