package com.playtcha.jakarta.internal.ledger.jdbc;

import com.playtcha.jakarta.core.InvalidSettingException;
import com.playtcha.jakarta.core.LedgerEntry;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.Reconciliation;
import com.playtcha.jakarta.core.Setting;
import com.playtcha.jakarta.internal.ledger.SharedStore;
import com.playtcha.jakarta.internal.ledger.StoredEntry;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The ledger in the table {@code playtcha_ledger}, shared by every node on the database. Each node
 * (each verifier: a random owner id per start) owns the entries it recorded, and renews its lease on
 * them every third of {@code playtcha.ledger.lease} on a thread of the store's own
 * ({@code <ledger>-lease}), whatever its passes do: a pass that takes longer than the lease
 * (a backlog, slow listeners) does not lose its entries. Entries whose owner has not renewed for a
 * whole lease (it died, was stopped, or lost the database that long) are taken over by the next
 * other node to look, oldest first, with {@code SELECT ... FOR UPDATE SKIP LOCKED} so two nodes never
 * take the same one; a node never takes its own back (its renewal does, once the database answers),
 * so a live node does not deliver an entry twice. A pass takes no new entry after a third of the lease ({@link #passMillis}).
 *
 * <p>Ownership is checked, by the update's row count, at every step: before every post
 * ({@link #posting} renews the row's lease as it checks, so no node takes it while the post is in
 * flight), when the outcome is stored ({@link #settled}: in a commit of its own, the token erased,
 * before any listener hears it), and when the delivery is recorded after the listeners heard it
 * ({@link #reported}, {@link #deliveryFailed}, {@link #parked}). No row is locked and no
 * transaction is open while a listener runs. A node that lost an entry neither posts nor reports
 * it; it forgets it. One that lost it during the delivery has delivered it, and the node that took
 * it over delivers the stored outcome again (same id, same outcome; at least once), never posting
 * the token again. Keep the lease well above {@code playtcha.timeout}, the longest a post can take.
 * A closing node gives its open entries up at once. Reported and parked rows are deleted
 * {@code playtcha.ledger.retention} after.
 *
 * <p>A request that fails open waits for the database once, at most {@code playtcha.cluster.timeout}:
 * its entry's row is its token's claim ({@link #claim}, {@link TokenClaims}): a unique index on the
 * token's SHA-256, which the row keeps until it is deleted, so no other node lets the token through
 * while the row lives, also after the token is erased at settle. No other request waits for the
 * database: the store's writer ({@link LedgerWriter}) inserts the entries whose claim got no answer
 * in time, and makes the record of a delivery that could not be made at once. Writes never throw: a
 * failure is logged once per run (credentials masked, {@link Redaction}) and shown by
 * {@link #unwritable} (never a query) until a statement works. An entry not in the table yet answers
 * {@link SharedStore.Hold#UNKNOWN}: the ledger neither posts nor delivers it now. One the database
 * refuses for good (SQL state class 22 or 23) is handed back ({@link #refused}), and reported
 * {@code abandoned}; one whose token another entry took meanwhile, reported {@code rejected}.
 */
public final class JdbcStore implements SharedStore {

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
    private final LedgerWriter writer;
    private final TokenClaims claims;
    /** When orphans are looked for, and old rows purged, next (epoch millis); only the pass thread reads them. */
    private long nextLook;
    private long nextPurge;
    private final Clock clock;

    private JdbcStore(DataSource db, String name, Redaction redaction, PlaytchaSettings.Ledger settings, Clock clock, String threads) {
        this.db = db;
        this.name = name;
        this.clock = clock;
        this.rows = new RowWrites(db, name, redaction, clock);
        this.leaseMillis = settings.lease().toMillis();
        this.retentionMillis = settings.retention().toMillis();
        this.capacity = settings.capacity();
        this.ownership = new Ownership(db, rows, owner, leaseMillis, threads + "-lease");
        this.writer = new LedgerWriter(toString(), clock, threads + "-writer");
        this.claims = new TokenClaims(rows, writer, owner, toString(), threads + "-claim");
    }

    /**
     * Opens the store on the {@code DataSource} that {@code playtcha.ledger.datasource} names, creating
     * or checking its tables.
     *
     * @throws InvalidSettingException naming the key when there is no such {@code DataSource}, its
     *                                 database cannot be reached, or its tables are missing or newer
     */
    public static JdbcStore open(PlaytchaSettings.Ledger settings, Clock clock, String threads) {
        String name = settings.dataSource();
        return open(DataSourceLookup.find(name), name, settings, clock, threads);
    }

    /**
     * The same on a {@code DataSource} at hand; {@code name} says which in messages (credentials
     * masked: {@link Redaction}). {@code clock} paces the look for orphans and dates a run of failed
     * writes; leases are the database's own time ({@code now()}), which every node shares. Its threads
     * are {@code <threads>-writer} and {@code <threads>-lease} (the verifier's: {@code playtcha-verifier-N-ledger}).
     */
    public static JdbcStore open(DataSource db, String name, PlaytchaSettings.Ledger settings, Clock clock, String threads) {
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
        return new JdbcStore(db, name, redaction, settings, clock, threads);
    }

    /** Failed statements (a revoked privilege, a read-only or unreachable database) until one works again. */
    @Override
    public Unwritable unwritable() {
        return rows.unwritable();
    }

    /** What this node can take over now: entries of nodes that stopped renewing their lease. */
    @Override
    public List<StoredEntry> replay() {
        return adopt(capacity);
    }

    /** Queued for the writer, the request not waiting: the ledger claims instead ({@link #claim}); kept for the store's contract. */
    @Override
    public void recorded(LedgerEntry entry) {
        writer.insert(entry.id(), entry.token(), () -> rows.insert(entry, owner));
    }

    /** The entry's row, inserted now unless another row holds the token's hash ({@link TokenClaims}). */
    @Override
    public Claim claim(LedgerEntry entry, Duration wait, boolean hold) {
        return claims.claim(entry, wait, hold);
    }

    @Override
    public int unwritten() {
        return writer.unwritten() + claims.unwritten();
    }

    /** Entries whose insert the database refused for good, or whose token another entry took (the writer logged each). */
    @Override
    public Map<String, Reconciliation.Outcome> refused() {
        return writer.refused();
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

    @Override
    public Hold reported(String id) {
        return recordDelivery("store an entry as reported", id, LedgerRows.REPORTED, s -> {
            s.setString(1, id);
            s.setString(2, owner);
        });
    }

    @Override
    public Hold deliveryFailed(String id, int failures, Instant next) {
        return recordDelivery("store a failed delivery", id, LedgerRows.FAILED, s -> {
            s.setInt(1, failures);
            s.setTimestamp(2, Timestamp.from(next));
            s.setString(3, id);
            s.setString(4, owner);
            s.setInt(5, failures);
        });
    }

    /** The row, state {@code parked}, is the operator's record; the ledger has logged it at WARNING, with the listeners' classes. */
    @Override
    public Hold parked(Reconciliation r, int failures, String listeners) {
        String id = r.entry().id();
        return recordDelivery("park an entry", id, LedgerRows.PARKED, s -> {
            s.setInt(1, failures);
            s.setString(2, id);
            s.setString(3, owner);
        });
    }

    /**
     * After the listeners ran: the update, owner checked; when the database cannot be asked, queued
     * for the writer, so the row does not stay open under this node's lease (0 rows then: another
     * node took it over meanwhile, and delivers it again).
     */
    private Hold recordDelivery(String what, String id, String sql, RowWrites.Binding binding) {
        Hold hold = ownership.update(what, id, sql, binding);
        if (hold == Hold.UNKNOWN) {
            writer.mark(id, () -> rows.attempt(what, sql, binding));
        }
        return hold;
    }

    /** The row itself keeps the outcome (without the token), and the ledger logs it: nothing more to write. */
    @Override
    public void deadLetter(Reconciliation reconciliation, String reason) {
    }

    /** The ledger's WARNING with the count is the whole record. */
    @Override
    public void deadLetterUnrecorded(long count, Instant first, Instant last, String reason) {
    }

    /** A third of the lease: what the pass holds in memory is never long out of date with the table. */
    @Override
    public long passMillis() {
        return Math.max(1, leaseMillis / 3);
    }

    @Override
    public List<StoredEntry> adopt(int room) {
        long now = clock.millis();
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

    /**
     * The writer's last try, then stops renewing and gives this node's open entries up: the next
     * node to look takes them over at once. Returns the entries the writer never inserted.
     */
    @Override
    public Map<String, Reconciliation.Outcome> close(Duration wait) {
        claims.close(wait);
        Map<String, Reconciliation.Outcome> never = writer.close(wait);
        ownership.close(Math.max(1_000, leaseMillis));
        rows.write("give the open entries up", LedgerRows.RELEASE, s -> s.setString(1, owner));
        return never;
    }

    /** What {@code META-INF/services} names: the core finds the store through it ({@link SharedStore#open}). */
    public static final class Opener implements SharedStore.Provider {
        @Override
        public SharedStore open(PlaytchaSettings.Ledger settings, Clock clock, String threads) {
            return JdbcStore.open(settings, clock, threads);
        }
    }

    @Override
    public String toString() {
        return "database " + name + ", node " + owner;
    }
}
