package com.playtcha.jakarta.cluster.ledger;

import com.playtcha.jakarta.cluster.ledger.LedgerTable.Kind;
import com.playtcha.jakarta.cluster.ledger.LedgerTable.Sent;
import com.playtcha.jakarta.cluster.ledger.LedgerTable.Step;
import com.playtcha.jakarta.core.LedgerEntry;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.Reconciliation;
import com.playtcha.jakarta.spi.store.SharedStore;
import com.playtcha.jakarta.spi.store.StoredEntry;
import com.playtcha.jakarta.spi.store.VerifierClock;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The shared ledger's protocol over any {@link LedgerTable}: each node (each verifier: a random owner
 * id per start) owns the entries it recorded, under a lease renewed every third of
 * {@code playtcha.ledger.lease} on a thread of its own ({@code <ledger>-lease}); a request claims its
 * token with one bounded wait ({@link TokenClaims}); what no request may wait for is queued for the
 * store's writer ({@link LedgerWriter}); every step is the table's compare-and-set on owner and state,
 * answered as a {@link Hold}; a pass adopts, every third of the lease, up to {@value #ADOPT_AT_ONCE}
 * entries whose owner stopped renewing, and purges done rows past {@code playtcha.ledger.retention}.
 * Closing gives this node's open entries up at once. Why: design/ledger.md.
 */
public final class TableStore implements SharedStore {

    /** The most entries one look takes over, so that several nodes share a stopped node's entries. */
    static final int ADOPT_AT_ONCE = 100;

    private static final System.Logger LOG = System.getLogger(TableStore.class.getName());

    private final LedgerTable table;
    private final String owner = UUID.randomUUID().toString();
    private final long leaseMillis;
    private final long retentionMillis;
    private final int capacity;
    private final ScheduledExecutorService lease;
    private final LedgerWriter writer;
    private final TokenClaims claims;
    private final VerifierClock clock;
    private final Runnable closed;
    /** When orphans are looked for, and old rows purged, next (epoch millis); only the pass thread reads them. */
    private long nextLook;
    private long nextPurge;

    /**
     * @param clock   paces the look for orphans and the writer's back-off (the table dates leases on its own time)
     * @param threads the prefix of its threads: {@code <threads>-claim}, {@code -writer}, {@code -lease}
     */
    public TableStore(LedgerTable table, PlaytchaSettings.Ledger settings, VerifierClock clock, String threads) {
        this(table, settings, clock, threads, () -> {
        });
    }

    /** The same, running {@code closed} (what opening the table opened: a connection) last when it closes. */
    public TableStore(LedgerTable table, PlaytchaSettings.Ledger settings, VerifierClock clock, String threads, Runnable closed) {
        this.table = table;
        this.closed = closed;
        this.clock = clock;
        this.leaseMillis = settings.lease().toMillis();
        this.retentionMillis = settings.retention().toMillis();
        this.capacity = settings.capacity();
        this.writer = new LedgerWriter(toString(), clock, threads + "-writer");
        this.claims = new TokenClaims(table, writer, owner, toString(), threads + "-claim");
        long renewMillis = passMillis(); // the lease is renewed, and orphans looked for, every third of it
        lease = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread t = new Thread(task, threads + "-lease");
            t.setDaemon(true);
            t.setContextClassLoader(null); // it runs no application code: it pins no application's loader
            return t;
        });
        lease.scheduleWithFixedDelay(this::renew, renewMillis, renewMillis, TimeUnit.MILLISECONDS);
    }

    /** Failed calls on the table (a revoked privilege, a read-only or unreachable database) until one works again. */
    @Override
    public Unwritable unwritable() {
        return table.unwritable();
    }

    /** What this node can take over now: entries of nodes that stopped renewing their lease. */
    @Override
    public List<StoredEntry> replay() {
        return adopt(capacity);
    }

    /** Queued for the writer, the request not waiting: the ledger claims instead ({@link #claim}); kept for the store's contract. */
    @Override
    public void recorded(LedgerEntry entry) {
        writer.insert(entry.id(), entry.token(), () -> table.insert(entry, owner, null, () -> true));
    }

    @Override
    public Claim claim(LedgerEntry entry, Duration wait, boolean hold) {
        return claims.claim(entry, wait, hold);
    }

    /**
     * The store answers again (a backend that hears its connection made again says so): while claims go
     * unanswered, they ask it at once rather than at the next request's claim. Never waits.
     */
    public void answersAgain() {
        claims.answersAgain();
    }

    @Override
    public int unwritten() {
        return writer.unwritten() + claims.unwritten();
    }

    @Override
    public Map<String, Reconciliation.Outcome> refused() {
        return writer.refused();
    }

    @Override
    public Hold posting(String id) {
        return hold(table.step(id, owner, Step.of(Kind.POSTING)));
    }

    @Override
    public Hold settled(Reconciliation r) {
        return hold(table.step(r.entry().id(), owner, new Step(Kind.SETTLED, r, 0, null)));
    }

    @Override
    public Hold reported(String id) {
        return recordDelivery(id, Step.of(Kind.REPORTED));
    }

    @Override
    public Hold deliveryFailed(String id, int failures, Instant next) {
        return recordDelivery(id, new Step(Kind.FAILED, null, failures, next));
    }

    /** The row, parked, is the operator's record; the ledger has logged it at WARNING, with the listeners' classes. */
    @Override
    public Hold parked(Reconciliation r, int failures, String listeners) {
        return recordDelivery(r.entry().id(), new Step(Kind.PARKED, null, failures, null));
    }

    /** Held when the step changed the row; lost when the row is there and not this node's (or past the step); else unknown. */
    private static Hold hold(LedgerTable.Attempt a) {
        return a.sent() == Sent.MADE ? Hold.HELD : a.sent() == Sent.TAKEN ? Hold.LOST : Hold.UNKNOWN;
    }

    /**
     * After the listeners ran: when the table cannot be asked, queued for the writer, so the row does not
     * stay open under this node's lease; the writer is done with it once the step reached the table,
     * whatever it changed (a row another node took over meanwhile is that node's to deliver again).
     */
    private Hold recordDelivery(String id, Step step) {
        Hold hold = hold(table.step(id, owner, step));
        if (hold == Hold.UNKNOWN) {
            writer.mark(id, () -> {
                LedgerTable.Attempt a = table.step(id, owner, step);
                return a.sent() == Sent.TAKEN || a.sent() == Sent.ABSENT ? new LedgerTable.Attempt(Sent.MADE, null) : a;
            });
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
        nextLook = now + passMillis();
        if (now >= nextPurge) {
            nextPurge = now + Math.min(retentionMillis, 60_000);
            table.purge(retentionMillis);
        }
        return room > 0 ? table.adopt(owner, leaseMillis, Math.min(room, ADOPT_AT_ONCE)) : List.of();
    }

    /** The lease thread's renewal of every open or settled row of this node's (tests call it on fake time). */
    void renew() {
        try {
            table.renew(owner);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Playtcha ledger: renewing the lease failed; tried again in " + passMillis() + " ms", e);
        }
    }

    /**
     * The writer's last try, then stops renewing and gives this node's open entries up: the next
     * node to look takes them over at once. Returns the entries the writer never inserted. Bounded
     * whatever the database does: the claims and the writer get {@code wait} each, then the calls still
     * under way are aborted ({@link LedgerTable#abort}) and threads waiting for the pool interrupted,
     * and the release is skipped when the database did not answer them (or is failing): the entries
     * are then taken over once the lease runs out, as a stopped node's.
     */
    @Override
    public Map<String, Reconciliation.Outcome> close(Duration wait) {
        lease.shutdown();
        claims.close(wait);
        Map<String, Reconciliation.Outcome> never = writer.close(wait);
        awaitLease(wait, false); // a renewal under way: a healthy database answers it within the wait
        lease.shutdownNow(); // a renewal waiting for the pool's connection stops
        int aborted = table.abort();
        awaitLease(Duration.ofMillis(Math.max(1_000, leaseMillis)), true);
        if (aborted > 0 || table.unwritable() != null) {
            LOG.log(Level.WARNING, "Playtcha ledger closed while its database did not answer ({0} calls aborted): this node''s "
                    + "open entries are taken over by another node once playtcha.ledger.lease runs out [{1}]", aborted, this);
        } else {
            table.release(owner);
        }
        try {
            closed.run();
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "Playtcha ledger: its store did not close cleanly [store={0}, cause={1}]", table, e);
        }
        return never;
    }

    private void awaitLease(Duration wait, boolean tell) {
        try {
            if (!lease.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS) && tell) {
                LOG.log(Level.WARNING, "Playtcha ledger: the lease thread did not stop within {0} ms", wait.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return table + ", node " + owner;
    }
}
