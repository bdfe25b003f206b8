package com.playtcha.jakarta.cluster.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.LedgerEntry;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.Reconciliation;
import com.playtcha.jakarta.core.Reconciliation.Outcome;
import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.internal.ledger.ManualClock;
import com.playtcha.jakarta.spi.store.SharedStore.Claim;
import com.playtcha.jakarta.spi.store.SharedStore.Hold;
import com.playtcha.jakarta.spi.store.StoredEntry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a store shared by several nodes promises, whatever {@link LedgerTable} is under its protocol
 * ({@link TableStore}): a subclass supplies only the table, as Bucket4j's
 * {@code AbstractDistributedBucketTest} does. Each node is a {@link TableStore} over the same table,
 * on a {@link ManualClock}; {@link #elapse} makes time pass for the table's leases too. The promises: a
 * token is claimed once across nodes; a node that lost an entry to adoption is told so at its next
 * step; a renewed lease keeps an entry, one that ran out lets another node (never its own) adopt it;
 * closing gives the entries up at once; an entry held locally whose token another node took meanwhile
 * is handed back ({@code rejected}, or {@code ambiguous} when it passed first); a settled entry is
 * adopted with its outcome and without its token; a delivery recorded by a node that lost the entry is refused.
 */
public abstract class SharedStoreContract {

    /** The lease; the lease threads' real-time renewals (every third of it) never come within a test. */
    protected static final Duration LEASE = Duration.ofMinutes(5);
    private static final Duration WAIT = Duration.ofSeconds(10);

    protected final ManualClock clock = new ManualClock();
    private final List<TableStore> nodes = new ArrayList<>();
    /** Each node's writer thread, by name. */
    private final Map<TableStore, String> writers = new IdentityHashMap<>();
    /** In front of every node's table: counts the calls, and fails them while away. */
    private final GatedTable.Gate gate = new GatedTable.Gate();

    /** The table a new node works on: the same rows for every node of a test (another connection to them, or the same object). */
    protected abstract LedgerTable table();

    /** Makes {@code by} pass for the table's leases and done rows ({@link #clock} is moved by the suite). */
    protected abstract void age(Duration by) throws Exception;

    /** Closes what the table holds (a pool), after the nodes closed. */
    protected void closeBacking() throws Exception {
    }

    @AfterEach
    void closeNodes() throws Exception {
        try {
            nodes.forEach(n -> n.close(Duration.ofSeconds(1)));
        } finally {
            closeBacking();
        }
    }

    /** A new node on the table. */
    protected final TableStore node() {
        return node(gate);
    }

    /** A new node on the table, behind a gate of its own: it alone loses the table while that gate is away. */
    protected final TableStore node(GatedTable.Gate gate) {
        PlaytchaSettings.Ledger settings = PlaytchaSettings.builder("sk_test_shared").ledgerDataSource("jdbc/shared")
                .ledgerLease(LEASE).build().ledger();
        String threads = "playtcha-shared-" + nodes.size();
        TableStore node = new TableStore(new GatedTable(table(), gate), settings, clock, threads);
        nodes.add(node);
        writers.put(node, threads + "-writer");
        return node;
    }

    protected final void elapse(Duration by) throws Exception {
        clock.advance(by);
        age(by);
    }

    protected final LedgerEntry entry(String token) {
        return new LedgerEntry(UUID.randomUUID().toString(), token, clock.instant(), "/signup", "198.51.100.7", "timeout");
    }

    protected static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 30 s: " + what);
            }
            Thread.sleep(5);
        }
    }

    /**
     * Until {@code node}'s writer waits, for work or for its back-off to pass. A failed write's back-off is
     * timed on the clock, read just after the write failed: a test that moves the clock past a back-off it
     * saw begin (a failed call counted) first waits for this, or the writer may read the clock after the
     * move and wait for a time the test never brings.
     */
    private void awaitWriterWaiting(TableStore node) throws InterruptedException {
        String name = writers.get(node);
        await(() -> Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name)
                && (t.getState() == Thread.State.WAITING || t.getState() == Thread.State.TIMED_WAITING)
                && LockSupport.getBlocker(t) instanceof LedgerWriter), name + " waits");
    }

    private static List<String> ids(List<StoredEntry> entries) {
        return entries.stream().map(e -> e.entry().id()).toList();
    }

    @Test
    void aToken_isClaimedOnceAcrossNodes_andAClaimRetriedByItsOwnEntryStillHoldsIt() throws Exception {
        TableStore a = node();
        TableStore b = node();
        LedgerEntry first = entry("token-once");

        assertEquals(Claim.CLAIMED, a.claim(first, WAIT, true));
        assertEquals(Claim.TAKEN, b.claim(entry("token-once"), WAIT, true), "a replay on another node");
        assertEquals(Claim.TAKEN, a.claim(entry("token-once"), WAIT, false), "a replay on the same node");
        assertEquals(Claim.CLAIMED, a.claim(first, WAIT, true), "the same entry again: its answer was lost");
        assertEquals(Claim.CLAIMED, b.claim(entry("token-other"), WAIT, true));
    }

    @Test
    void anEntryAdoptedByAnotherNode_isLostToItsFirstOwner_atItsNextStep() throws Exception {
        TableStore a = node();
        TableStore b = node();
        LedgerEntry e = entry("token-adopted");
        assertEquals(Claim.CLAIMED, a.claim(e, WAIT, true));
        assertEquals(List.of(), b.adopt(10), "a's lease runs");

        elapse(LEASE.plusSeconds(1));
        assertEquals(List.of(), a.adopt(10), "a node never adopts its own entries back");
        assertEquals(List.of(e.id()), ids(b.adopt(10)));

        assertEquals(Hold.LOST, a.posting(e.id()));
        assertEquals(Hold.LOST, a.settled(verified(e)));
        assertEquals(Hold.HELD, b.posting(e.id()));
        assertEquals(Hold.UNKNOWN, a.posting("no-such-entry"), "an entry not written yet is not lost");
    }

    @Test
    void aRenewedLease_keepsTheEntries_andOneThatRanOut_letsAnotherNodeAdoptThem() throws Exception {
        TableStore a = node();
        TableStore b = node();
        LedgerEntry e = entry("token-renewed");
        assertEquals(Claim.CLAIMED, a.claim(e, WAIT, true));

        elapse(LEASE.multipliedBy(2).dividedBy(3));
        a.renew();
        elapse(LEASE.multipliedBy(2).dividedBy(3));
        assertEquals(List.of(), b.adopt(10), "renewed a third of a lease ago");

        elapse(LEASE.dividedBy(2));
        assertEquals(List.of(e.id()), ids(b.adopt(10)), "no renewal for a whole lease");
    }

    @Test
    void aClosingNode_givesItsEntriesUp_forTheNextNodeToAdoptAtOnce() throws Exception {
        TableStore a = node();
        TableStore b = node();
        LedgerEntry open = entry("token-open");
        LedgerEntry settled = entry("token-settled");
        assertEquals(Claim.CLAIMED, a.claim(open, WAIT, true));
        assertEquals(Claim.CLAIMED, a.claim(settled, WAIT, true));
        assertEquals(Hold.HELD, a.posting(settled.id()));
        assertEquals(Hold.HELD, a.settled(verified(settled)));

        assertEquals(Map.of(), a.close(Duration.ofSeconds(5)));
        Map<String, StoredEntry> adopted = new HashMap<>();
        b.adopt(10).forEach(s -> adopted.put(s.entry().id(), s));

        assertEquals(2, adopted.size(), "both, without waiting for the lease");
        assertEquals("token-open", adopted.get(open.id()).entry().token());
        StoredEntry done = adopted.get(settled.id());
        assertTrue(done.posted());
        assertEquals(Outcome.CONFIRMED, done.settled().outcome(), "delivered again, never posted again");
        assertEquals("", done.entry().token(), "a settled row keeps no token");
    }

    @Test
    void anEntryHeldLocally_whoseTokenAnotherNodeLetThroughFirst_isHandedBackRejected() throws Exception {
        LedgerEntry first = entry("token-twice");
        elapse(Duration.ofMillis(1));
        assertEquals(Map.of(heldWhileAway(first).id(), Outcome.REJECTED), handedBack(), "the replay: never posted");
    }

    @Test
    void anEntryHeldLocally_whoseTokenAnotherNodeLetThroughAfterIt_isHandedBackAmbiguous() throws Exception {
        LedgerEntry held = heldWhileAway(null);
        assertEquals(Map.of(held.id(), Outcome.AMBIGUOUS), handedBack(), "both passed, this one first");
    }

    private TableStore holder;

    /**
     * Node a holds an entry locally (no answer from the table), then node b claims the same token with
     * {@code other} (a new entry, recorded after a's, when {@code null}); a's writer then finds it taken.
     */
    private LedgerEntry heldWhileAway(LedgerEntry other) throws Exception {
        holder = node();
        TableStore b = node();
        LedgerEntry held = entry("token-twice");
        gate.away = true;
        assertEquals(Claim.UNKNOWN, holder.claim(held, WAIT, true), "no answer: held on this node");
        assertEquals(1, holder.unwritten());
        assertEquals(Hold.UNKNOWN, holder.posting(held.id()), "not written yet");
        await(() -> gate.calls("insert") == 2, "the claim's insert, then the writer's, failed");
        awaitWriterWaiting(holder); // its back-off timed before the clock moves on
        gate.away = false;
        elapse(Duration.ofMillis(1));
        assertEquals(Claim.CLAIMED, b.claim(other == null ? entry("token-twice") : other, WAIT, true), "b let it through");
        elapse(Duration.ofSeconds(1)); // a's writer backs off on the store's clock, then inserts
        return held;
    }

    private Map<String, Outcome> handedBack() throws InterruptedException {
        Map<String, Outcome> back = new HashMap<>();
        await(() -> {
            back.putAll(holder.refused());
            return !back.isEmpty();
        }, "a's writer finds the token taken");
        // the writer hands the entry back, then forgets it: it is no longer unwritten just after
        await(() -> holder.unwritten() == 0, "the entry handed back is not unwritten");
        return back;
    }

    @Test
    void aDeliveryRecordedAfterAdoption_isLost_andTheNewOwnerRecordsIt() throws Exception {
        TableStore a = node();
        TableStore b = node();
        LedgerEntry e = entry("token-delivered");
        assertEquals(Claim.CLAIMED, a.claim(e, WAIT, true));
        assertEquals(Hold.HELD, a.posting(e.id()));
        assertEquals(Hold.HELD, a.settled(verified(e)));

        elapse(LEASE.plusSeconds(1));
        assertEquals(List.of(e.id()), ids(b.adopt(10)));
        assertEquals(Hold.LOST, a.reported(e.id()), "a delivered it; b delivers it again");
        assertEquals(Hold.HELD, b.deliveryFailed(e.id(), 1, clock.instant().plusSeconds(1)));
        assertEquals(Hold.HELD, b.reported(e.id()));
        assertEquals(Hold.LOST, b.reported(e.id()), "done: no owner any more");

        elapse(LEASE.plusSeconds(1));
        assertEquals(List.of(), a.adopt(10), "a reported entry is never adopted");
    }

    @Test
    void aRecordOfADeliveryQueuedWhileAway_forAnEntryAdoptedMeanwhile_isDropped_andTheWriterGoesOn() throws Exception {
        GatedTable.Gate gateA = new GatedTable.Gate();
        TableStore a = node(gateA);
        TableStore b = node();
        LedgerEntry e = entry("token-queued-record");
        assertEquals(Claim.CLAIMED, a.claim(e, WAIT, true));
        assertEquals(Hold.HELD, a.posting(e.id()));
        assertEquals(Hold.HELD, a.settled(verified(e)));
        gateA.away = true;
        assertEquals(Hold.UNKNOWN, a.reported(e.id()), "queued for a's writer");
        await(() -> gateA.calls("REPORTED") >= 2, "a's writer tried it too");

        elapse(LEASE.plusSeconds(1));
        assertEquals(List.of(e.id()), ids(b.adopt(10)), "a stopped renewing; b adopts the settled entry");
        gateA.away = false;
        LedgerEntry later = entry("token-after-the-record");
        gateA.away = true;
        assertEquals(Claim.UNKNOWN, a.claim(later, WAIT, true), "queued behind the record");
        gateA.away = false;
        awaitWriterWaiting(a); // a try it made while away has its back-off timed before the clock moves on
        elapse(Duration.ofMinutes(1)); // past a's writer's back-off

        await(() -> a.unwritten() == 0, "a's writer finds the row b's, drops the record, and inserts the next entry");
        assertEquals(Map.of(), a.refused(), "nothing handed back: b delivers the entry again");
        assertEquals(Hold.HELD, b.reported(e.id()), "the row is still b's to report");
        assertEquals(Hold.HELD, a.posting(later.id()));
    }

    private Reconciliation verified(LedgerEntry e) {
        return new Reconciliation(e, Outcome.CONFIRMED, new VerificationResult.Verified(false, "req-1"), clock.instant());
    }
}
