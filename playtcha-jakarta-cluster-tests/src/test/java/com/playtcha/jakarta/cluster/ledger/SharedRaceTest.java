package com.playtcha.jakarta.cluster.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.LedgerEntry;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.Reconciliation;
import com.playtcha.jakarta.core.Reconciliation.Outcome;
import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.internal.ledger.FailOpenLedger;
import com.playtcha.jakarta.internal.ledger.ManualClock;
import com.playtcha.jakarta.internal.ledger.ManualLedgers;
import com.playtcha.jakarta.spi.store.SharedStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Three nodes racing for the same entries, each a ledger over its own {@link TableStore} on one
 * {@link MemoryTable}, on fake time ({@link ManualClock}): their passes run at once on three threads,
 * and leases run out by moving the clock, not by waiting. A live owner whose passes run longer than the
 * lease keeps its entries (its lease thread renews them); a node that stops renewing has its entries
 * adopted by the others, each posted once and reported once. The same races on PostgreSQL, with real
 * leases and JVMs killed: {@code SharedLedgerTest}, {@code ClusterClaimsTest}. Moved here from
 * {@code OwnershipTest}, where the first took some 14 s of real leases.
 */
class SharedRaceTest {

    /** The lease; the lease threads' real-time ticks (every 10 s) never come within a test. */
    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final VerificationResult VERIFIED = new VerificationResult.Verified(false, "req-race");

    private final ManualClock clock = new ManualClock();
    private final MemoryTable table = new MemoryTable(clock);
    private final List<FailOpenLedger> ledgers = new ArrayList<>();
    /** The posts to "Playtcha" by token, across the nodes. */
    private final Map<String, AtomicInteger> posts = new ConcurrentHashMap<>();

    @AfterEach
    void close() {
        ledgers.forEach(FailOpenLedger::close);
    }

    private TableStore store(LedgerTable on, String name) {
        return store(on, name, LEASE);
    }

    private TableStore store(LedgerTable on, String name, Duration lease) {
        PlaytchaSettings.Ledger settings = PlaytchaSettings.builder("sk_test_race").ledgerDataSource("jdbc/race")
                .ledgerLease(lease).build().ledger();
        return new TableStore(on, settings, clock, name);
    }

    private FailOpenLedger ledger(TableStore store, int capacity, Predicate<Reconciliation> listener) {
        FailOpenLedger ledger = ManualLedgers.over(store, capacity, token -> {
            posts.computeIfAbsent(token, t -> new AtomicInteger()).incrementAndGet();
            return VERIFIED;
        }, listener, clock);
        ledgers.add(ledger);
        return ledger;
    }

    /** Runs {@code passes} of each node on threads of their own until {@code done}, at most 10,000 each. */
    private static void race(Supplier<Boolean> done, FailOpenLedger... nodes) throws Exception {
        AtomicBoolean failed = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        for (FailOpenLedger node : nodes) {
            Thread thread = new Thread(() -> {
                try {
                    for (int i = 0; i < 10_000 && !done.get(); i++) {
                        node.pass();
                        Thread.yield();
                    }
                } catch (RuntimeException | Error e) {
                    failed.set(true);
                    throw e;
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread t : threads) {
            t.join();
        }
        assertTrue(!failed.get(), "a pass threw");
    }

    private List<String> record(FailOpenLedger on, int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            LedgerEntry entry = on.record("tok-" + i, "/signup", "198.51.100.7", VerificationResult.TIMEOUT).entry();
            ids.add(entry.id());
        }
        assertEquals(0, on.unwritten(), "every claim answered");
        return ids;
    }

    /**
     * The shape on fake time: node a holds 48 entries; its listeners take 40 ms each, and every
     * twelfth outcome 45 s, longer than the lease, while its lease thread renews on its own every third
     * of the lease (here: as the clock moves). Nodes b and c look for entries to adopt all along and
     * find none; every token is posted once and every entry reported once, by node a.
     */
    @Test
    void threeNodes_aLeaseShorterThanAPass_eachTokenPostedOnce_eachEntryReportedOnce_byItsLiveOwner() throws Exception {
        TableStore storeA = store(table, "node-a");
        List<Reconciliation> heard = new CopyOnWriteArrayList<>();
        List<Reconciliation> byA = new CopyOnWriteArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        FailOpenLedger a = ledger(storeA, 100, r -> {
            Duration work = calls.incrementAndGet() % 12 == 0 ? Duration.ofSeconds(45) : Duration.ofMillis(40);
            for (Duration step = LEASE.dividedBy(3); work.compareTo(step) > 0; work = work.minus(step)) {
                clock.advance(step);
                storeA.renew(); // the lease thread's tick, whatever the pass does
            }
            clock.advance(work);
            byA.add(r);
            return heard.add(r);
        });
        FailOpenLedger b = ledger(store(table, "node-b"), 100, heard::add);
        FailOpenLedger c = ledger(store(table, "node-c"), 100, heard::add);
        List<String> ids = record(a, 48);
        clock.advance(Duration.ofSeconds(2));

        race(() -> heard.size() >= ids.size(), a, b, c);

        assertEquals(Set.copyOf(ids), idsOf(heard), "every entry reported");
        assertEquals(ids.size(), heard.size(), "each once across the nodes");
        assertEquals(ids.size(), byA.size(), "all by node a, which renewed all along");
        heard.forEach(r -> assertEquals(Outcome.CONFIRMED, r.outcome()));
        assertEquals(ids.size(), posts.size());
        posts.forEach((token, n) -> assertEquals(1, n.get(), "posted once: " + token));
    }

    /**
     * Node a reports 11 of its 48 entries, then loses the table while a listener hears the 12th (its
     * outcome stored, the record of its delivery never made) and stops renewing. Nodes b and c, racing
     * with room for 24 each, adopt the other 37 once the lease ran out: each posted once across the
     * three nodes, each reported once by b or c; the 12th delivered again, from its stored outcome, without a post.
     */
    @Test
    void aNodeThatStopsRenewing_hasItsEntriesAdoptedByTheOthers_eachPostedOnce_eachReportedOnceByOne() throws Exception {
        GatedTable.Gate gate = new GatedTable.Gate();
        List<Reconciliation> byA = new CopyOnWriteArrayList<>();
        FailOpenLedger a = ledger(store(new GatedTable(table, gate), "node-a"), 100, r -> {
            byA.add(r);
            if (byA.size() == 12) {
                gate.away = true; // node a is gone from here on: nothing it writes reaches the table
            }
            return true;
        });
        List<Reconciliation> byOthers = new CopyOnWriteArrayList<>();
        FailOpenLedger b = ledger(store(table, "node-b"), 24, byOthers::add);
        FailOpenLedger c = ledger(store(table, "node-c"), 24, byOthers::add);
        List<String> ids = record(a, 48);
        clock.advance(Duration.ofSeconds(2));
        for (int i = 0; i < 100 && !gate.away; i++) {
            a.pass();
        }
        assertEquals(12, byA.size(), "node a heard 12, then lost the table");
        clock.advance(LEASE.plusSeconds(1));

        race(() -> byOthers.size() >= ids.size() - 11, b, c);

        Set<String> reportedByA = idsOf(byA.subList(0, 11));
        Set<String> rest = new HashSet<>(ids);
        rest.removeAll(reportedByA);
        assertEquals(rest, idsOf(byOthers), "the rest adopted and reported, the 12th again");
        assertEquals(rest.size(), byOthers.size(), "each by one node, once");
        assertEquals(ids.size(), posts.size());
        posts.forEach((token, n) -> assertEquals(1, n.get(), "posted once across the nodes: " + token));
    }

    /** The lease thread renews on its own, on real time, whether or not a pass runs (here none does). */
    @Test
    void theLeaseThread_renewsTheNodesRows_onItsOwn() throws Exception {
        TableStore node = store(table, "node-a", Duration.ofMillis(300));
        try {
            LedgerEntry entry = new LedgerEntry("lease-1", "tok-lease", clock.instant(), "/signup", "198.51.100.7", "timeout");
            assertEquals(SharedStore.Claim.CLAIMED, node.claim(entry, Duration.ofSeconds(10), true));
            clock.advance(Duration.ofMinutes(1));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!clock.instant().equals(table.leasedAt(entry.id())) && System.nanoTime() < deadline) {
                Thread.sleep(5); // polling the row, not waiting for time to pass
            }
            assertEquals(clock.instant(), table.leasedAt(entry.id()), "renewed at the table's time by the lease thread");
        } finally {
            node.close(Duration.ofSeconds(1));
        }
    }

    private static Set<String> idsOf(List<Reconciliation> heard) {
        Set<String> ids = new HashSet<>();
        heard.forEach(r -> ids.add(r.entry().id()));
        return ids;
    }
}
