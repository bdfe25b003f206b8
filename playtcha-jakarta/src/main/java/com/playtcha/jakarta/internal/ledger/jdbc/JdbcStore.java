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
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
 * <p>An outcome is stored, with the token erased, in a transaction of its own before any listener
 * hears it; it is then delivered while the node holds the row locked and still owns it, and stored
 * as reported in that same transaction: another node cannot report it meanwhile. When that commit
 * fails (the database went away between the delivery and the commit) the row keeps the stored
 * outcome: the lease thread writes it reported once it can, and if this node dies first, the node
 * that takes it over delivers that outcome again (same id, same outcome) and never posts the token
 * again. A closing node gives its open entries up at once. Reported and parked rows are deleted
 * {@code playtcha.ledger.retention} after.
 *
 * <p>Writes never throw ({@link LedgerStore}): a failed one is logged once per run of failures,
 * shown by {@link #unwritable} (the status's {@code ledger_unwritable}) until a statement works
 * again, and the next {@link #compact} writes every open entry again. A check that cannot be made
 * answers {@link LedgerStore.Hold#UNKNOWN}: the ledger does not post or deliver that entry now.
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
    /** When orphans are looked for, and old rows purged, next (epoch millis); only the pass thread reads them. */
    private long nextLook;
    private long nextPurge;
    /** Renews the lease every third of it, independent of the passes. */
    private final ScheduledExecutorService leaseThread;
    /**
     * The final write (reported, parked) of each entry being delivered, and of those delivered whose
     * commit failed: the lease thread writes these until they are stored, or the row is no longer ours.
     */
    private final Map<String, Finish> finishing = new ConcurrentHashMap<>();
    /** Entries being delivered now: their last write is the delivery's, not the lease thread's. */
    private final Set<String> delivering = ConcurrentHashMap.newKeySet();

    /** An entry's last write, made in its delivery's transaction, or later by the lease thread. */
    private record Finish(String what, String sql, RowWrites.Binding binding) {
    }

    private JdbcStore(DataSource db, String name, PlaytchaSettings.Ledger settings) {
        this.db = db;
        this.name = name;
        this.rows = new RowWrites(db, name);
        this.leaseMillis = settings.lease().toMillis();
        this.retentionMillis = settings.retention().toMillis();
        this.capacity = settings.capacity();
        long every = Math.max(1, leaseMillis / 3);
        leaseThread = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread t = new Thread(task, "playtcha-ledger-lease");
            t.setDaemon(true);
            t.setContextClassLoader(null); // it runs no application code: it pins no application's loader
            return t;
        });
        leaseThread.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
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

    /** The same on a {@code DataSource} at hand; {@code name} says which in messages (never its URL: it may hold a password). */
    public static JdbcStore open(DataSource db, String name, PlaytchaSettings.Ledger settings) {
        try (Connection c = db.getConnection()) {
            LedgerSchema.ensure(c, settings.createSchema(), name);
        } catch (SQLException e) {
            throw new InvalidSettingException(Setting.LEDGER_DATASOURCE, "names a database that cannot be used ("
                    + e.getClass().getSimpleName() + ", SQL state " + e.getSQLState() + ": " + e.getMessage()
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

    /** Each insert on a pooled connection of its own: request threads do not wait for one another. */
    @Override
    public boolean recordsConcurrently() {
        return true;
    }

    @Override
    public void recorded(LedgerEntry entry) {
        rows.write("record an entry", LedgerRows.INSERT, s -> LedgerRows.insert(s, entry, owner));
    }

    /** Held when this node still owns the open entry: the row notes the post and its lease is renewed. */
    @Override
    public Hold posting(String id) {
        return owned("note a post", id, LedgerRows.POSTING, s -> {
            s.setString(1, id);
            s.setString(2, owner);
        });
    }

    /** Held when the outcome is stored (committed, the token erased) and this node still owns the entry. */
    @Override
    public Hold settled(Reconciliation r) {
        return owned("store an outcome", r.entry().id(), LedgerRows.SETTLED, s -> LedgerRows.settled(s, r, owner));
    }

    /**
     * One update of an entry of this node's, in a transaction of its own: {@link Hold#HELD} when it
     * changed the row, {@link Hold#LOST} when the row is there and not this node's (or done),
     * {@link Hold#UNKNOWN} when the statement failed or the row is not written yet (a failed insert
     * that {@link #compact} writes again).
     */
    private Hold owned(String what, String id, String sql, RowWrites.Binding binding) {
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

    /** Written in the delivery's transaction ({@link #delivering}), or by the lease thread when that commit failed. */
    @Override
    public void reported(String id) {
        finish(id, new Finish("store an entry as reported", LedgerRows.REPORTED, s -> {
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

    /** The row, state {@code parked}, is the operator's record; the ledger has logged it at WARNING. */
    @Override
    public void parked(Reconciliation r, int failures) {
        String id = r.entry().id();
        finish(id, new Finish("park an entry", LedgerRows.PARKED, s -> {
            s.setInt(1, failures);
            s.setString(2, id);
            s.setString(3, owner);
        }));
    }

    /** Keeps an entry's last write for its delivery's transaction; outside one (never, today), for the lease thread. */
    private void finish(String id, Finish last) {
        finishing.put(id, last);
    }

    /** The row itself keeps the outcome (without the token), and the ledger logs it: nothing more to write. */
    @Override
    public void deadLetter(Reconciliation reconciliation, String reason) {
    }

    /** The ledger's WARNING with the count is the whole record. */
    @Override
    public void deadLetterUnrecorded(long count, Instant first, Instant last, String reason) {
    }

    /**
     * Locks the settled row, runs the delivery, writes the entry's last write (reported, parked) and
     * commits. {@link Hold#LOST} when the row is not this node's; {@link Hold#UNKNOWN}, the
     * delivery not run, when the row could not be locked (tried again later: an outcome is never
     * delivered without the lock). When the delivery ran and the last write or the commit failed,
     * the lease thread writes it once it can; meanwhile the row keeps its stored outcome.
     */
    @Override
    public Hold delivering(String id, Runnable delivery) {
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
                    try (PreparedStatement s = c.prepareStatement(last.sql())) {
                        last.binding().bind(s);
                        s.executeUpdate();
                    }
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

    private boolean held(Connection c, String id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(LedgerRows.HOLD)) {
            s.setString(1, id);
            s.setString(2, owner);
            try (ResultSet r = s.executeQuery()) {
                return r.next();
            }
        }
    }

    /** A third of the lease: what the pass holds in memory is never long out of date with the table. */
    @Override
    public long passMillis() {
        return Math.max(1, leaseMillis / 3);
    }

    /** On the lease thread: the lease on every entry of this node's, then the last writes of deliveries whose commit failed. */
    private void renew() {
        try {
            rows.write("renew the lease", LedgerRows.RENEW, s -> s.setString(1, owner));
            finishing.forEach((id, last) -> {
                if (!delivering.contains(id)) {
                    finishLater(id, last);
                }
            });
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Playtcha ledger: renewing the lease failed; tried again in " + leaseMillis / 3 + " ms", e);
        }
    }

    /** The last write of an entry delivered whose commit failed; done once stored, or once the row is not this node's. */
    private void finishLater(String id, Finish last) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(last.sql())) {
            last.binding().bind(s);
            s.executeUpdate(); // 0 rows: another node took it over and delivers its stored outcome again
            finishing.remove(id, last);
            rows.recovered();
        } catch (SQLException | RuntimeException e) {
            rows.failed(last.what(), e);
        }
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

    /** After failed writes: every open entry is written again (recorded, posted, settled), as the ledger holds it. */
    @Override
    public void compact(int open, Supplier<List<StoredEntry>> entries) {
        if (!rows.takeRepair()) {
            return;
        }
        for (StoredEntry e : entries.get()) {
            recorded(e.entry());
            if (e.posted()) {
                posting(e.entry().id());
            }
            if (e.settled() != null) {
                settled(e.settled());
            }
        }
    }

    /**
     * Stops renewing, makes a last attempt at the writes of deliveries whose commit failed, and gives
     * this node's open entries up: the next node to look takes them over at once.
     */
    @Override
    public void close() {
        leaseThread.shutdown();
        try {
            if (!leaseThread.awaitTermination(Math.max(1_000, leaseMillis), TimeUnit.MILLISECONDS)) {
                LOG.log(Level.WARNING, "Playtcha ledger: the lease thread did not stop; closing without it [{0}]", this);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        finishing.forEach(this::finishLater);
        rows.write("give the open entries up", LedgerRows.RELEASE, s -> s.setString(1, owner));
    }

    @Override
    public String toString() {
        return "database " + name + ", node " + owner;
    }
}
