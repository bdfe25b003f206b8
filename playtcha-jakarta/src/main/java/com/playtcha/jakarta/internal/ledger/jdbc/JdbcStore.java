package com.playtcha.jakarta.internal.ledger.jdbc;

import com.playtcha.jakarta.core.InvalidSettingException;
import com.playtcha.jakarta.core.LedgerEntry;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.Reconciliation;
import com.playtcha.jakarta.core.Setting;
import com.playtcha.jakarta.internal.ledger.LedgerStore;
import com.playtcha.jakarta.internal.ledger.StoredEntry;
import java.sql.Connection;
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
 * them every third of {@code playtcha.ledger.lease} on a thread of the store's own
 * ({@code playtcha-ledger-lease}), whatever its passes do: a pass that takes longer than the lease
 * (a backlog, slow listeners) does not lose its entries. Entries whose owner has not renewed for a
 * whole lease (it died, was stopped, or lost the database that long) are taken over by the next
 * node to look, oldest first, with {@code SELECT ... FOR UPDATE SKIP LOCKED} so two nodes never
 * take the same one. A pass takes no new entry after a third of the lease ({@link #passMillis}).
 *
 * <p>Ownership is checked, by the update's row count, at every step: before every post
 * ({@link #posting} renews the row's lease as it checks, so no node takes it while the post is in
 * flight), when the outcome is stored ({@link #settled}), and when it is delivered
 * ({@link #delivering}). A node that lost an entry neither posts nor reports it; it forgets it.
 * Keep the lease well above {@code playtcha.timeout}, the longest a post can take.
 *
 * <p>An outcome is stored, the token erased, in a commit of its own before any listener hears it,
 * then delivered under the row's lock and stored as reported in that transaction ({@link Ownership}).
 * When that commit fails the row keeps the stored outcome, and a node that takes it over delivers
 * it again (same id, same outcome), never posting the token again. A closing node gives its open
 * entries up at once. Reported and parked rows are deleted {@code playtcha.ledger.retention} after.
 *
 * <p>No request waits for the database: the ledger's writer inserts new entries ({@link #write}).
 * Writes never throw: a failure is logged once per run (credentials masked, {@link Redaction}) and
 * shown by {@link #unwritable} (never a query) until a statement works; then the writer writes every
 * open entry again ({@link #rewriteDue}). An entry not in the table yet is neither posted nor
 * delivered. A check that cannot be made answers {@link LedgerStore.Hold#UNKNOWN}: the ledger does
 * not post or deliver that entry now.
 */
public final class JdbcStore implements LedgerStore {

    /** The most entries one look takes over, so that several nodes share a stopped node's entries. */
    static final int ADOPT_AT_ONCE = 100;

    private final DataSource db;
    private final String name;
    private final RowWrites rows;
    private final String owner = UUID.randomUUID().toString();
    private final long leaseMillis;
    private final long retentionMillis;
    private final int capacity;
    private final Ownership ownership;
    /** When orphans are looked for, and old rows purged, next (epoch millis); only the pass thread reads them. */
    private long nextLook;
    private long nextPurge;

    private JdbcStore(DataSource db, String name, Redaction redaction, PlaytchaSettings.Ledger settings) {
        this.db = db;
        this.name = name;
        this.rows = new RowWrites(db, name, redaction);
        this.leaseMillis = settings.lease().toMillis();
        this.retentionMillis = settings.retention().toMillis();
        this.capacity = settings.capacity();
        this.ownership = new Ownership(db, rows, owner, leaseMillis);
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
        Redaction redaction = Redaction.of(db);
        try (Connection c = db.getConnection()) {
            LedgerSchema.ensure(c, settings.createSchema(), name);
        } catch (InvalidSettingException e) {
            throw e; // the schema's own answer: it names the key already
        } catch (SQLException | RuntimeException e) {
            // a pool that cannot start throws unchecked (Hikari's "Failed to get driver instance for jdbcUrl=...")
            throw new InvalidSettingException(Setting.LEDGER_DATASOURCE, "names a database that cannot be used ("
                    + e.getClass().getSimpleName() + (e instanceof SQLException q ? ", SQL state " + q.getSQLState() : "")
                    + ": " + redaction.message(e) + "); check that it is up and PostgreSQL, like "
                    + "java:comp/DefaultDataSource; got " + name);
        }
        return new JdbcStore(db, name, redaction, settings);
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

    /** Held when this node still owns the open entry: the row notes the post and its lease is renewed. */
    @Override
    public Hold posting(String id) {
        return ownership.update("note a post", id, LedgerRows.POSTING, s -> {
            s.setString(1, id);
            s.setString(2, owner);
        });
    }

    /** Held when the outcome is stored (committed, the token erased) and this node still owns the entry. */
    @Override
    public Hold settled(Reconciliation r) {
        return ownership.update("store an outcome", r.entry().id(), LedgerRows.SETTLED, s -> LedgerRows.settled(s, r, owner));
    }

    /** Written in the delivery's transaction ({@link #delivering}), or by the lease thread when that commit failed. */
    @Override
    public void reported(String id) {
        ownership.finish(id, new Ownership.Finish("store an entry as reported", LedgerRows.REPORTED, s -> {
            s.setString(1, id);
            s.setString(2, owner);
        }));
    }

    @Override
    public void deliveryFailed(String id, int failures, Instant next) {
        rows.write("store a failed delivery", LedgerRows.FAILED, s -> {
            s.setInt(1, failures);
            s.setTimestamp(2, Timestamp.from(next));
            s.setString(3, id);
            s.setString(4, owner);
        });
    }

    /** The row, state {@code parked}, is the operator's record; the ledger has logged it at WARNING, with the listeners' classes. */
    @Override
    public void parked(Reconciliation r, int failures, String listeners) {
        String id = r.entry().id();
        ownership.finish(id, new Ownership.Finish("park an entry", LedgerRows.PARKED, s -> {
            s.setInt(1, failures);
            s.setString(2, id);
            s.setString(3, owner);
        }));
    }

    /** The row itself keeps the outcome (without the token), and the ledger logs it: nothing more to write. */
    @Override
    public void deadLetter(Reconciliation reconciliation, String reason) {
    }

    /** The ledger's WARNING with the count is the whole record. */
    @Override
    public void deadLetterUnrecorded(long count, Instant first, Instant last, String reason) {
    }

    /** Runs the delivery under the row's lock while this node owns it, its last write in the same commit ({@link Ownership#deliver}). */
    @Override
    public Hold delivering(String id, Runnable delivery) {
        return ownership.deliver(id, delivery);
    }

    /** A third of the lease: what the pass holds in memory is never long out of date with the table. */
    @Override
    public long passMillis() {
        return Math.max(1, leaseMillis / 3);
    }

    @Override
    public List<StoredEntry> adopt(int room) {
        long now = System.currentTimeMillis();
        if (now < nextLook) {
            return List.of();
        }
        nextLook = now + Math.max(1, leaseMillis / 3);
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

    /**
     * Stops renewing, makes a last attempt at the writes of deliveries whose commit failed, and gives
     * this node's open entries up: the next node to look takes them over at once.
     */
    @Override
    public void close() {
        ownership.close(Math.max(1_000, leaseMillis));
        rows.write("give the open entries up", LedgerRows.RELEASE, s -> s.setString(1, owner));
    }

    @Override
    public String toString() {
        return "database " + name + ", node " + owner;
    }
}
