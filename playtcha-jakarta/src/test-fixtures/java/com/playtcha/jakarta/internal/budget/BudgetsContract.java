package com.playtcha.jakarta.internal.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.internal.ledger.ManualClock;
import com.playtcha.jakarta.spi.store.Budgets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What every store of the client budgets promises ({@link Budgets}), for one node and for the nodes of a
 * cluster, on a clock the test moves: burst, refill, {@code Retry-After}, the keys (IPv4, IPv6 /64, /56
 * and /48, text that is no address), and one budget across the nodes. Each backend's test supplies only
 * its store, as Bucket4j's {@code AbstractDistributedBucketTest} has each backend supply its proxy
 * manager. A backend that is one node in memory hands out that one node as every node. What a backend
 * does differently by design (this node's bound on what it remembers, a shared store's outage) is
 * tested in the backend's own test class.
 */
public abstract class BudgetsContract {

    /** 60 a minute: one verify earned back a second, so the arithmetic below is in whole seconds. */
    protected static final int BURST = 5;
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final int NODES = 3;

    /** Every node's clock: it moves only when a test says time went by. */
    protected final ManualClock clock = new ManualClock();

    /**
     * A node of this test's cluster with the budgets of {@code settings}, on {@link #clock}: a new node on
     * the test's one store each call (every call of one test passes the same settings), or, for a store in
     * this node's memory, that one node each time. Closed by the backend's test after the test.
     */
    protected abstract Budgets node(PlaytchaSettings settings);

    /**
     * What one node may let through of a client's verifies before the others hear of it: 0 for one node in
     * memory. Each node may overshoot the budget by that much; and since a shared store charges verifies
     * when it is told of them, a telling made after the bucket filled up gives that much less.
     */
    protected abstract long allowance(PlaytchaSettings settings);

    /** Settings with these budgets, and the longest cluster timeout: on a busy test machine nothing here is to time out. */
    protected static PlaytchaSettings settings(int perMinute, int burst) {
        return PlaytchaSettings.builder("sk_test_budgets").clientBudgetPerMinute(perMinute).clientBudgetBurst(burst)
                .clusterTimeout(PlaytchaSettings.MAX_CLUSTER_TIMEOUT).build();
    }

    private Budgets fiveThenOneASecond() {
        return node(settings(60, BURST));
    }

    /** How many verifies in a row this address gets now. */
    private static int spendAll(Budgets budgets, String address) {
        int spent = 0;
        while (budgets.spend(address) == null) {
            spent++;
            if (spent > 1_000_000) {
                throw new AssertionError("no end to the budget of " + address);
            }
        }
        return spent;
    }

    // One node

    @Test
    void burst_thenRefusal_withTheTimeToTheNextVerify() {
        Budgets budgets = fiveThenOneASecond();

        for (int i = 0; i < BURST; i++) {
            assertNull(budgets.spend("203.0.113.7"), "verify " + (i + 1) + " of the burst");
        }
        VerificationResult.Rejected refused = budgets.spend("203.0.113.7");

        assertNotNull(refused);
        assertEquals(VerificationResult.CLIENT_RATE_LIMITED, refused.code());
        assertEquals(Duration.ofSeconds(1), refused.retryAfter());
        assertNull(refused.requestId());
        assertEquals(0, refused.httpStatus());
        assertEquals("rejected", refused.outcome());
        assertEquals(VerificationResult.Source.CLIENT_BUDGET, refused.source());
    }

    @Test
    void refusedVerifies_spendNothing_andTheBucketRefillsAtTheRate() {
        Budgets budgets = fiveThenOneASecond();
        assertEquals(BURST, spendAll(budgets, "203.0.113.7"));
        for (int i = 0; i < 100; i++) {
            assertEquals(Duration.ofSeconds(1), budgets.spend("203.0.113.7").retryAfter(), "a refusal must not push the next verify further out");
        }

        clock.advance(Duration.ofNanos(SECOND - 1));
        assertEquals(Duration.ofNanos(1), budgets.spend("203.0.113.7").retryAfter(), "one nanosecond to go");
        clock.advance(Duration.ofNanos(1));
        assertEquals(1, spendAll(budgets, "203.0.113.7"));

        clock.advance(Duration.ofMillis(3_500));
        assertEquals(3, spendAll(budgets, "203.0.113.7"), "3.5 s earn three verifies back");
        assertEquals(Duration.ofMillis(500), budgets.spend("203.0.113.7").retryAfter(), "and half of the fourth");

        clock.advance(Duration.ofHours(1));
        int full = spendAll(budgets, "203.0.113.7");
        assertTrue(full <= BURST && full >= BURST - allowance(settings(60, BURST)), full + ": an hour idle fills the bucket, "
                + "and no more than the burst (a telling made after the bucket filled up charges what it tells to the full bucket)");
    }

    /**
     * The burst, then the rate: exactly for one node in memory. A shared store hears of what a node let
     * through when the node tells it, and a telling made while the bucket was full (here at the start)
     * charges verifies let through earlier: up to the node's allowance fewer, never more.
     */
    @Test
    void steadyFlood_getsTheRateThrough_neverMore() {
        PlaytchaSettings settings = settings(120, 30);
        Budgets budgets = node(settings);
        int allowed = 0;
        for (int ms = 0; ms <= 60_000; ms += 10) { // an attempt every 10 ms for a minute, both ends included
            allowed += budgets.spend("198.51.100.1") == null ? 1 : 0;
            clock.advance(Duration.ofMillis(10));
        }

        assertTrue(allowed <= 30 + 120 && allowed >= 30 + 120 - allowance(settings), allowed + ": the burst, then 2 a second for a minute");
    }

    @Test
    void addresses_haveBudgetsOfTheirOwn() {
        Budgets budgets = fiveThenOneASecond();

        assertEquals(BURST, spendAll(budgets, "203.0.113.7"));
        assertEquals(BURST, spendAll(budgets, "203.0.113.8"));
        assertEquals(BURST, spendAll(budgets, "10.0.0.1"));
        assertEquals(0, spendAll(budgets, "203.0.113.7"));
    }

    @Test
    void ipv6_oneSlash64_sharesABudget_andAnotherHasItsOwn() {
        Budgets budgets = fiveThenOneASecond();

        for (String address : List.of("2001:db8:0:1::1", "2001:db8:0:1::2", "2001:db8:0:1:abcd:ef01:2345:6789",
                "[2001:DB8:0:1:0:0:0:9]", "2001:0db8:0000:0001:ffff:ffff:ffff:ffff", "fe80::1%eth0")) {
            budgets.spend(address);
        }
        assertEquals(0, spendAll(budgets, "2001:db8:0:1::42"), "five addresses of one /64 spent its five verifies");
        assertEquals(BURST, spendAll(budgets, "2001:db8:0:2::1"), "the next /64");
        assertEquals(BURST - 1, spendAll(budgets, "fe80::2%eth1"), "link-local: one /64 too");
    }

    @Test
    void ipv4MappedIpv6_isTheIpv4Address() {
        Budgets budgets = fiveThenOneASecond();
        budgets.spend("192.0.2.1");
        budgets.spend("::ffff:192.0.2.1");
        budgets.spend("[::FFFF:c000:201]");
        budgets.spend("0:0:0:0:0:ffff:192.0.2.1");

        assertEquals(1, spendAll(budgets, "192.0.2.1"));
        assertEquals(BURST, spendAll(budgets, "::1"), "loopback, ::0.0.0.1, is no client's IPv4 address");
    }

    /** Before: every address in ::/64 (IPv4 clients through a translator or NAT64 among them) was one budget. */
    @Test
    void ipv4ClientsInsideIpv6Addresses_haveTheirIpv4Budgets_notOneSharedSlash64() {
        Budgets budgets = fiveThenOneASecond();

        assertEquals(BURST, spendAll(budgets, "64:ff9b::192.0.2.1"));
        assertEquals(BURST, spendAll(budgets, "64:ff9b::192.0.2.2"), "NAT64/SIIT: another IPv4 client");
        assertEquals(BURST, spendAll(budgets, "::ffff:0:198.51.100.1"));
        assertEquals(BURST, spendAll(budgets, "::198.51.100.2"));
        assertEquals(0, spendAll(budgets, "192.0.2.1"), "the same client as 64:ff9b::192.0.2.1");
        assertEquals(0, spendAll(budgets, "::ffff:198.51.100.1"), "the same client as ::ffff:0:198.51.100.1");
    }

    /** Before: 256 /64s of a /56, 256 budgets. */
    @Test
    void aSlash56_getsFourBudgets_howeverManyOfItsSlash64sItUses() {
        Budgets budgets = fiveThenOneASecond();
        int spent = 0;
        for (int i = 0; i < 256; i++) {
            spent += spendAll(budgets, "2001:db8:1:" + Integer.toHexString(0x4200 + i) + "::1");
        }

        assertEquals(4 * BURST, spent);
        assertEquals(BURST, spendAll(budgets, "2001:db8:1:4300::1"), "the next /56 of the /48 has its own");
        assertEquals(BURST, spendAll(budgets, "2001:db8:2:4200::1"), "another /48 has its own");
    }

    /** Before: 65,536 /64s of a /48, 65,536 budgets. Here one /64 in each of its 256 /56s, so no /56 is spent first. */
    @Test
    void aSlash48_getsSixteenBudgets_howeverManyOfItsSlash56sItUses() {
        Budgets budgets = fiveThenOneASecond();
        int spent = 0;
        for (int i = 0; i < 256; i++) {
            spent += spendAll(budgets, "2001:db8:7:" + Integer.toHexString(i << 8) + "::1");
        }

        assertEquals(16 * BURST, spent);
        assertEquals(BURST, spendAll(budgets, "2001:db8:8::1"), "another /48 has its own");

        clock.advance(Duration.ofSeconds(1));
        assertEquals(16, spendAll(budgets, "2001:db8:7:ff00::1") + spendAll(budgets, "2001:db8:7:1200::1")
                + spendAll(budgets, "2001:db8:7:5600::1") + spendAll(budgets, "2001:db8:7:9a00::1"),
                "a /48 earns back sixteen a second, a /64 one");
    }

    @Test
    void aSpentSlash56_leavesTheRestOfItsSlash48TheirBudgets() {
        Budgets budgets = fiveThenOneASecond();
        for (int i = 0; i < 256; i++) {
            spendAll(budgets, "2001:db8:9:" + Integer.toHexString(0x100 + i) + "::1");
        }

        assertEquals(BURST, spendAll(budgets, "2001:db8:9:200::1"));
        assertEquals(0, spendAll(budgets, "2001:db8:9:1ff::2"), "the spent /56 stays spent");
        int rest = 0;
        for (int i = 0; i < 256; i++) {
            rest += spendAll(budgets, "2001:db8:9:" + Integer.toHexString(0x200 + i) + "::1");
        }
        assertEquals(4 * BURST - BURST, rest, "the next /56: its own four budgets");
    }

    @Test
    void aRefusalForTheSlash48_waitsForTheSlash48_andSpendsNothing() {
        Budgets budgets = fiveThenOneASecond();
        for (int i = 0; i < 1024; i++) { // four /56s: the /48's sixteen budgets
            spendAll(budgets, "2001:db8:a:" + Integer.toHexString(i) + "::1");
        }

        Duration wait = budgets.spend("2001:db8:a:ffff::1").retryAfter();
        assertTrue(wait.compareTo(Duration.ZERO) > 0 && wait.compareTo(Duration.ofNanos(SECOND / 16)) <= 0,
                "the /48 earns one back every 1/16 s: " + wait);
        assertEquals(wait, budgets.spend("2001:db8:a:ffff::1").retryAfter(), "a refusal does not push it further out");
    }

    /**
     * Before: all such text shared one budget, so a client whose container wrote "unknown" (or any
     * forged text) spent the budget of every client behind a Unix socket, and of each other.
     */
    @Test
    void textThatIsNoIpAddress_isABudgetPerText_andOverlongTextSharesOne() {
        Budgets budgets = fiveThenOneASecond();

        assertEquals(BURST, spendAll(budgets, "unknown"));
        assertEquals(BURST, spendAll(budgets, "/run/app.sock"), "another text, its own budget");
        assertEquals(BURST, spendAll(budgets, ""));
        assertEquals(BURST, spendAll(budgets, "2001:db8::1::2"));
        assertEquals(0, spendAll(budgets, new String("unknown")), "the same text is the same budget");
        assertEquals(BURST, spendAll(budgets, "x".repeat(1000)));
        assertEquals(0, spendAll(budgets, "y".repeat(1000)), "text longer than any address shares one budget");
        assertEquals(BURST, spendAll(budgets, "192.0.2.7"), "an IPv4 client has its own");
    }

    // The nodes of a cluster (one node, for a store in this node's memory)

    /**
     * A client spending on every node in turn is refused after one budget (and what each node lets
     * through before the others hear of it), not after one per node; its {@code Retry-After} pays back
     * that overshoot, and another client has a budget of its own.
     */
    @Test
    void aClientSpendingOnTheNodes_isRefusedAfterOneBudget_notOnePerNode() {
        PlaytchaSettings settings = settings(60, 30);
        List<Budgets> nodes = nodes(settings);
        int passed = 0;
        VerificationResult.Rejected refused = null;
        for (int i = 0; i < NODES * 30; i++) {
            VerificationResult.Rejected r = nodes.get(i % NODES).spend("198.51.100.7");
            if (r == null) {
                passed++;
            } else {
                refused = r;
            }
        }
        assertTrue(passed >= 30 && passed <= 30 + NODES * allowance(settings), "passed " + passed + " of " + NODES * 30);
        assertNotNull(refused);
        assertEquals(VerificationResult.CLIENT_RATE_LIMITED, refused.errorCode());
        // a verify is earned back each second, after what the nodes overshot is paid back
        assertTrue(refused.retryAfter().compareTo(Duration.ZERO) > 0
                && refused.retryAfter().compareTo(Duration.ofSeconds(passed - 30 + 1)) <= 0, "retry after " + refused.retryAfter());
        nodes.forEach(node -> assertNull(node.away()));
        for (Budgets node : nodes) {
            assertNull(node.spend("2001:db8:8::" + nodes.indexOf(node)), "another /64 has its own budget");
        }
    }

    /** The addresses of one IPv6 /64, written every way, spending on every node in turn: one budget across the nodes. */
    @Test
    void theAddressesOfOneSlash64_spendingOnTheNodes_shareOneBudget() {
        PlaytchaSettings settings = settings(60, 30);
        List<Budgets> nodes = nodes(settings);
        List<String> spellings = List.of("2001:db8:4:5::", "[2001:DB8:4:5:0:0:0:", "2001:0db8:0004:0005:0:0:ffff:");
        int passed = 0;
        for (int i = 0; i < NODES * 30; i++) {
            String spelling = spellings.get(i % spellings.size());
            String address = spelling + Integer.toHexString(i + 1) + (spelling.startsWith("[") ? "]" : "");
            passed += nodes.get(i % NODES).spend(address) == null ? 1 : 0;
        }
        assertTrue(passed >= 30 && passed <= 30 + NODES * allowance(settings), "passed " + passed + " of " + NODES * 30);
    }

    /** Many verifies of one client at once on every node (a NAT'd office, or a flood): one budget, and each node's allowance. */
    @Test
    void aClientsVerifiesSentAtOnceToTheNodes_getOneBudgetThrough() throws Exception {
        PlaytchaSettings settings = settings(60, 30);
        List<Budgets> nodes = nodes(settings);
        int threads = NODES * 20;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        int passed = 0;
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<VerificationResult.Rejected>> answers = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Budgets node = nodes.get(i % NODES);
                answers.add(pool.submit(() -> {
                    start.await();
                    return node.spend("203.0.113.99");
                }));
            }
            start.countDown();
            for (Future<VerificationResult.Rejected> answer : answers) {
                passed += answer.get(60, TimeUnit.SECONDS) == null ? 1 : 0;
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue(passed >= 1 && passed <= 30 + NODES * allowance(settings), "passed " + passed + " of " + threads);
    }

    private List<Budgets> nodes(PlaytchaSettings settings) {
        List<Budgets> nodes = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            nodes.add(node(settings));
        }
        return nodes;
    }
}
