package com.playtcha.jakarta.internal.ledger.jdbc;

import com.playtcha.jakarta.core.InvalidSettingException;
import com.playtcha.jakarta.core.LedgerEntry;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.Reconciliation;
import com.playtcha.jakarta.core.Setting;
import com.playtcha.jakarta.internal.ledger.LedgerStore;
import com.playtcha.jakarta.internal.ledger.StoredEntry;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * The ledger in the table {@code playtcha_ledger}, shared by every node on the database. Each node
 * (each verifier: a random owner id per start) owns the entries it recorded, and renews its lease on
 * them every third of {@code playtcha.ledger.lease}; entries whose owner has not renewed for a whole
 * lease (it died, or was stopped) are taken over by the next node to look, oldest first, with
 * {@code SELECT ... FOR UPDATE SKIP LOCKED} so two nodes never take the same one. An outcome is
 * delivered while the node holds the entry's row locked and still owns it, and stored as reported
 * in that same transaction: another node cannot report it meanwhile, and a node killed during the
 * delivery leaves the row as it was, to be taken over. A closing node gives its open entries up at
 * once. Reported and parked rows are deleted {@code playtcha.ledger.retention} after.
 *
 * <p>No request waits for the database: the ledger's writer inserts new entries ({@link #write}).
 * Writes never throw: a failure is logged once per run (credentials masked, {@link Redaction}) and
 * shown by {@link #unwritable} (never a query) until a statement works; then the writer writes every
 * open entry again ({@link #rewriteDue}). An entry not in the table yet is not delivered.
 */
public final class JdbcStore implements LedgerStore {

    private static final System.Logger LOG = System.getLogger(JdbcStore.class.getName());
    /** The most entries one look takes over, so that several nodes share a stopped node's entries. */
    static final int ADOPT_AT_ONCE = 100;

    private final DataSource db;
    private final String name;
    private final RowWrites rows;
    private final String owner = UUID.randomUUID().toString();
    private final long leaseMillis;
    private final long retentionMillis;
    private final int capacity;
    /** When the lease is renewed, and orphans looked for, next (epoch millis); only the pass thread reads them. */
    private long nextRenewal;
    private long nextPurge;

    private JdbcStore(DataSource db, String name, PlaytchaSettings.Ledger settings) {
        this.db = db;
        this.name = name;
        this.rows = new RowWrites(db, name);
        this.leaseMillis = settings.lease().toMillis();
        this.retentionMillis = settings.retention().toMillis();
        this.capacity = settings.capacity();
    }

    /**
     * Opens the store on the {@code DataSource} that {@code playtcha.ledger.datasource} names, creating
     * or checking its tables.
     *
     * @throws InvalidSettingException naming the key when there is no such {@code DataSource}, its
     *                                 database cannot be reached, or its tables are missing or newer
     */
    public static JdbcStore open(PlaytchaSettings.Ledger settings) {
        String name = settings.dataSource();
        return open(DataSourceLookup.find(name), name, settings);
    }

    /** The same on a {@code DataSource} at hand; {@code name} says which in messages (credentials masked: {@link Redaction}). */
    public static JdbcStore open(DataSource db, String name, PlaytchaSettings.Ledger settings) {
        try (Connection c = db.getConnection()) {
            LedgerSchema.ensure(c, settings.createSchema(), name);
        } catch (SQLException e) {
            throw new InvalidSettingException(Setting.LEDGER_DATASOURCE, "names a database that cannot be used ("
                    + e.getClass().getSimpleName() + ", SQL state " + e.getSQLState() + ": " + Redaction.message(e)
                    + "); check that it is up and PostgreSQL, like java:comp/DefaultDataSource; got " + name);
        }
        return new JdbcStore(db, name, settings);
    }

    /** Failed statements (a revoked privilege, a read-only or unreachable database) until one works again. */
    @Override
    public Unwritable unwritable() {
        return rows.unwritable();
    }

    @Override
    public boolean durable() {
        return true;
    }

    /** What this node can take over now: entries of nodes that stopped renewing their lease. */
    @Override
    public List<StoredEntry> replay() {
        return adopt(capacity);
    }

    /** A database: the ledger's writer stores new entries ({@link #write}); no request thread waits for it. */
    @Override
    public boolean remote() {
        return true;
    }

    /** Not called for a remote store (its writer calls {@link #write}). */
    @Override
    public void recorded(LedgerEntry entry) {
        write(new StoredEntry(entry, false, null));
    }

    @Override
    public boolean write(StoredEntry e) {
        return rows.entry(e, owner);
    }

    @Override
    public void posting(String id) {
        rows.write("note a post", LedgerRows.POSTING, s -> {
            s.setString(1, id);
            s.setString(2, owner);
        });
    }

    @Override
    public void settled(Reconciliation r) {
        rows.write("store an outcome", LedgerRows.SETTLED, s -> LedgerRows.settled(s, r, owner));
    }

    @Override
    public void reported(String id) {
        rows.write("store an entry as reported", LedgerRows.REPORTED, s -> s.setString(1, id));
    }

    @Override
    public void deliveryFailed(String id, int failures, Instant next) {
        rows.write("store a failed delivery", LedgerRows.FAILED, s -> {
            s.setInt(1, failures);
            s.setTimestamp(2, Timestamp.from(next));
            s.setString(3, id);
        });
    }

    /** The row, state {@code parked}, is the operator's record; the ledger has logged it at WARNING. */
    @Override
    public void parked(Reconciliation r, int failures) {
        rows.write("park an entry", LedgerRows.PARKED, s -> {
            s.setInt(1, failures);
            s.setString(2, r.entry().id());
        });
    }

    /** The row itself keeps the outcome (without the token), and the ledger logs it: nothing more to write. */
    @Override
    public void deadLetter(Reconciliation reconciliation, String reason) {
    }

    /** The ledger's WARNING with the count is the whole record. */
    @Override
    public void deadLetterUnrecorded(long count, Instant first, Instant last, String reason) {
    }

    @Override
    public boolean delivering(String id, Runnable delivery) {
        boolean ran = false;
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (!held(c, id)) {
                    return false;
                }
                ran = true;
                rows.during(c, delivery);
                c.commit();
            } finally {
                if (!c.getAutoCommit()) {
                    c.rollback(); // nothing left after a commit; after a failure, the row stays as it was
                }
            }
        } catch (SQLException e) {
            rows.failed("hold an entry for delivery", e);
            if (!ran) {
                delivery.run(); // at least once: the listeners hear it; the row stays, to be reported again
            }
        }
        return true;
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

    @Override
    public List<StoredEntry> adopt(int room) {
        long now = System.currentTimeMillis();
        if (now < nextRenewal) {
            return List.of();
        }
        nextRenewal = now + Math.max(1, leaseMillis / 3);
        rows.write("renew the lease", LedgerRows.RENEW, s -> s.setString(1, owner));
        if (now >= nextPurge) {
            nextPurge = now + Math.min(retentionMillis, 60_000);
            rows.write("delete rows past the retention", LedgerRows.PURGE, s -> s.setLong(1, retentionMillis));
        }
        return room > 0 ? orphans(Math.min(room, ADOPT_AT_ONCE)) : List.of();
    }

    private List<StoredEntry> orphans(int room) {
        try (Connection c = db.getConnection()) {
            List<StoredEntry> taken = LedgerRows.adopt(c, owner, leaseMillis, room);
            rows.recovered();
            return taken;
        } catch (SQLException | RuntimeException e) {
            rows.failed("take over entries of a stopped node", e);
            return List.of();
        }
    }

    /** After failed writes: the ledger's writer writes every open entry again ({@link #write}). */
    @Override
    public boolean rewriteDue() {
        return rows.takeRepair();
    }

    /** Nothing: the ledger's writer repairs a remote store ({@link #rewriteDue}), never under the ledger's lock. */
    @Override
    public void compact(int open, Supplier<List<StoredEntry>> entries) { }

    /** Gives this node's open entries up: the next node to look takes them over at once. */
    @Override
    public void close() {
        rows.write("give the open entries up", LedgerRows.RELEASE, s -> s.setString(1, owner));
    }

    @Override
    public String toString() {
        return "database " + name + ", node " + owner;
    }
}
