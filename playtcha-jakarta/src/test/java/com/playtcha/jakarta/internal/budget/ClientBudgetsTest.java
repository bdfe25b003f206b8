package com.playtcha.jakarta.internal.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.VerificationResult;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The token buckets on a fake clock: burst, refill, Retry-After, keys, and the bound on what is remembered. */
class ClientBudgetsTest {

    /** 60 a minute: one verify earned back a second, so the arithmetic below is in whole seconds. */
    private static final PlaytchaSettings.ClientBudget FIVE_THEN_ONE_A_SECOND = new PlaytchaSettings.ClientBudget(true, 60, 5, 100_000);
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    /** Ten seconds before {@code nanoTime} wraps, so each test crosses the wrap: the buckets compare differences only. */
    private final AtomicLong now = new AtomicLong(Long.MAX_VALUE - 10 * SECOND);

    private ClientBudgets budgets(PlaytchaSettings.ClientBudget settings) {
        return ClientBudgets.of(settings, now::get);
    }

    /** How many verifies in a row this address gets now. */
    private static int spendAll(ClientBudgets budgets, String address) {
        int spent = 0;
        while (budgets.waitNanos(address) == 0) {
            spent++;
            if (spent > 1_000_000) {
                throw new AssertionError("no end to the budget of " + address);
            }
        }
        return spent;
    }

    @Test
    void burst_thenRefusal_withTheTimeToTheNextVerify() {
        ClientBudgets budgets = budgets(FIVE_THEN_ONE_A_SECOND);

        for (int i = 0; i < 5; i++) {
            assertNull(budgets.spend("203.0.113.7"), "verify " + (i + 1) + " of the burst");
        }
        VerificationResult.Rejected refused = budgets.spend("203.0.113.7");

        assertNotNull(refused);
        assertEquals(VerificationResult.CLIENT_RATE_LIMITED, refused.code());
        assertEquals(Duration.ofSeconds(1), refused.retryAfter());
        assertNull(refused.requestId());
        assertEquals(0, refused.httpStatus());
        assertEquals("rejected", refused.outcome());
    }

    @Test
    void aRefund_givesBackOneVerify_toEachOfTheClientsBuckets_neverPastFull() {
        ClientBudgets budgets = budgets(FIVE_THEN_ONE_A_SECOND);
        assertEquals(5, spendAll(budgets, "203.0.113.7"));
        budgets.refund("203.0.113.7");
        assertEquals(1, spendAll(budgets, "203.0.113.7"), "the verify the cluster refused is back");

        budgets.refund("203.0.113.8"); // never seen: full already
        budgets.refund("203.0.113.8");
        assertEquals(5, spendAll(budgets, "203.0.113.8"), "a refund fills no bucket past its burst");

        // an IPv6 /64 spends from its /56 and /48 too: the refund gives back to all three
        assertEquals(5, spendAll(budgets, "2001:db8:1:100::1"));
        for (int i = 1; i < 4; i++) {
            assertEquals(5, spendAll(budgets, "2001:db8:1:1" + i + "0::1"), "three more /64s of the /56");
        }
        assertEquals(0, spendAll(budgets, "2001:db8:1:140::1"), "the /56's 4 budgets are spent");
        budgets.refund("2001:db8:1:130::1");
        assertEquals(1, spendAll(budgets, "2001:db8:1:140::1"), "the /56 got its verify back");
    }

    @Test
    void refusedVerifies_spendNothing_andTheBucketRefillsAtTheRate() {
        ClientBudgets budgets = budgets(FIVE_THEN_ONE_A_SECOND);
        assertEquals(5, spendAll(budgets, "203.0.113.7"));
        for (int i = 0; i < 100; i++) {
            assertEquals(SECOND, budgets.waitNanos("203.0.113.7"), "a refusal must not push the next verify further out");
        }

        now.addAndGet(SECOND - 1);
        assertEquals(1, budgets.waitNanos("203.0.113.7"), "one nanosecond to go");
        now.addAndGet(1);
        assertEquals(1, spendAll(budgets, "203.0.113.7"));

        now.addAndGet(3 * SECOND + SECOND / 2);
        assertEquals(3, spendAll(budgets, "203.0.113.7"), "3.5 s earn three verifies back");
        assertEquals(SECOND / 2, budgets.waitNanos("203.0.113.7"), "and half of the fourth");

        now.addAndGet(TimeUnit.HOURS.toNanos(1));
        assertEquals(5, spendAll(budgets, "203.0.113.7"), "an hour idle fills the bucket, and no more than the burst");
    }

    @Test
    void steadyFlood_getsExactlyTheRateThrough() {
        ClientBudgets budgets = budgets(new PlaytchaSettings.ClientBudget(true, 120, 30, 100));
        int allowed = 0;
        for (int ms = 0; ms <= 60_000; ms++) { // an attempt every millisecond for a minute, both ends included
            allowed += budgets.waitNanos("198.51.100.1") == 0 ? 1 : 0;
            now.addAndGet(TimeUnit.MILLISECONDS.toNanos(1));
        }

        assertEquals(30 + 120, allowed, "the burst, then 2 a second for a minute");
    }

    @Test
    void addresses_haveBudgetsOfTheirOwn() {
        ClientBudgets budgets = budgets(FIVE_THEN_ONE_A_SECOND);

        assertEquals(5, spendAll(budgets, "203.0.113.7"));
        assertEquals(5, spendAll(budgets, "203.0.113.8"));
        assertEquals(5, spendAll(budgets, "10.0.0.1"));
        assertEquals(0, spendAll(budgets, "203.0.113.7"));
    }

    @Test
    void ipv6_oneSlash64_sharesABudget_andAnotherHasItsOwn() {
        ClientBudgets budgets = budgets(FIVE_THEN_ONE_A_SECOND);

        for (String address : List.of("2001:db8:0:1::1", "2001:db8:0:1::2", "2001:db8:0:1:abcd:ef01:2345:6789",
                "[2001:DB8:0:1:0:0:0:9]", "2001:0db8:0000:0001:ffff:ffff:ffff:ffff", "fe80::1%eth0")) {
            budgets.waitNanos(address);
        }
        assertEquals(0, spendAll(budgets, "2001:db8:0:1::42"), "five addresses of one /64 spent its five verifies");
        assertEquals(5, spendAll(budgets, "2001:db8:0:2::1"), "the next /64");
        assertEquals(4, spendAll(budgets, "fe80::2%eth1"), "link-local: one /64 too");
    }

    @Test
    void ipv4MappedIpv6_isTheIpv4Address() {
        ClientBudgets budgets = budgets(FIVE_THEN_ONE_A_SECOND);
        budgets.waitNanos("192.0.2.1");
        budgets.waitNanos("::ffff:192.0.2.1");
        budgets.waitNanos("[::FFFF:c000:201]");
        budgets.waitNanos("0:0:0:0:0:ffff:192.0.2.1");

        assertEquals(1, spendAll(budgets, "192.0.2.1"));
        assertEquals(5, spendAll(budgets, "::1"), "loopback, ::0.0.0.1, is no client's IPv4 address");
    }

    /** Before: every address in ::/64 (IPv4 clients through a translator or NAT64 among them) was one budget. */
    @Test
    void ipv4ClientsInsideIpv6Addresses_haveTheirIpv4Budgets_notOneSharedSlash64() {
        ClientBudgets budgets = budgets(FIVE_THEN_ONE_A_SECOND);

        assertEquals(5, spendAll(budgets, "64:ff9b::192.0.2.1"));
        assertEquals(5, spendAll(budgets, "64:ff9b::192.0.2.2"), "NAT64/SIIT: another IPv4 client");
        assertEquals(5, spendAll(budgets, "::ffff:0:198.51.100.1"));
        assertEquals(5, spendAll(budgets, "::198.51.100.2"));
        assertEquals(0, spendAll(budgets, "192.0.2.1"), "the same client as 64:ff9b::192.0.2.1");
        assertEquals(0, spendAll(budgets, "::ffff:198.51.100.1"), "the same client as ::ffff:0:198.51.100.1");
    }

    /** Before: 256 /64s of a /56, 256 budgets. */
    @Test
    void aSlash56_getsFourBudgets_howeverManyOfItsSlash64sItUses() {
        ClientBudgets budgets = budgets(FIVE_THEN_ONE_A_SECOND);
        int spent = 0;
        for (int i = 0; i < 256; i++) {
            spent += spendAll(budgets, "2001:db8:1:" + Integer.toHexString(0x4200 + i) + "::1");
        }

        assertEquals(4 * 5, spent);
        assertEquals(5, spendAll(budgets, "2001:db8:1:4300::1"), "the next /56 of the /48 has its own");
        assertEquals(5, spendAll(budgets, "2001:db8:2:4200::1"), "another /48 has its own");
    }

    /** Before: 65,536 /64s of a /48, 65,536 budgets. */
    @Test
    void aSlash48_getsSixteenBudgets_howeverManyOfItsSlash64sItUses() {
        ClientBudgets budgets = budgets(FIVE_THEN_ONE_A_SECOND);
        int spent = 0;
        for (int i = 0; i < 65_536; i++) {
            spent += spendAll(budgets, "2001:db8:7:" + Integer.toHexString(i) + "::" + Integer.toHexString(i));
        }

        assertEquals(16 * 5, spent);
        assertEquals(1 + 4 + 16, budgets.tracked(), "the /48, the four /56s and sixteen /64s that spent: "
                + "refused verifies remember nothing new");
        assertEquals(5, spendAll(budgets, "2001:db8:8::1"), "another /48 has its own");

        now.addAndGet(SECOND);
        assertEquals(16, spendAll(budgets, "2001:db8:7:ffff::1") + spendAll(budgets, "2001:db8:7:1234::1")
                + spendAll(budgets, "2001:db8:7:5678::1") + spendAll(budgets, "2001:db8:7:9abc::1"),
                "a /48 earns back sixteen a second, a /64 one");
    }

    @Test
    void aSpentSlash56_leavesTheRestOfItsSlash48TheirBudgets() {
        ClientBudgets budgets = budgets(FIVE_THEN_ONE_A_SECOND);
        for (int i = 0; i < 256; i++) {
            spendAll(budgets, "2001:db8:9:" + Integer.toHexString(0x100 + i) + "::1");
        }

        assertEquals(5, spendAll(budgets, "2001:db8:9:200::1"));
        assertEquals(0, spendAll(budgets, "2001:db8:9:1ff::2"), "the spent /56 stays spent");
        int rest = 0;
        for (int i = 0; i < 256; i++) {
            rest += spendAll(budgets, "2001:db8:9:" + Integer.toHexString(0x200 + i) + "::1");
        }
        assertEquals(4 * 5 - 5, rest, "the next /56: its own four budgets");
    }

    @Test
    void aRefusalForTheSlash48_waitsForTheSlash48_andSpendsNothing() {
        ClientBudgets budgets = budgets(FIVE_THEN_ONE_A_SECOND);
        for (int i = 0; i < 1024; i++) { // four /56s: the /48's sixteen budgets
            spendAll(budgets, "2001:db8:a:" + Integer.toHexString(i) + "::1");
        }

        long wait = budgets.waitNanos("2001:db8:a:ffff::1");
        assertTrue(wait > 0 && wait <= SECOND / 16, "the /48 earns one back every 1/16 s: " + wait);
        assertEquals(wait, budgets.waitNanos("2001:db8:a:ffff::1"), "a refusal does not push it further out");
    }

    /**
     * Before: all such text shared one budget, so a client whose container wrote "unknown" (or any
     * forged text) spent the budget of every client behind a Unix socket, and of each other.
     */
    @Test
    void textThatIsNoIpAddress_isABudgetPerText_andOverlongTextSharesOne() {
        ClientBudgets budgets = budgets(FIVE_THEN_ONE_A_SECOND);

        assertEquals(5, spendAll(budgets, "unknown"));
        assertEquals(5, spendAll(budgets, "/run/app.sock"), "another text, its own budget");
        assertEquals(5, spendAll(budgets, ""));
        assertEquals(5, spendAll(budgets, "2001:db8::1::2"));
        assertEquals(0, spendAll(budgets, new String("unknown")), "the same text is the same budget");
        assertEquals(5, spendAll(budgets, "x".repeat(1000)));
        assertEquals(0, spendAll(budgets, "y".repeat(1000)), "text longer than any address shares one budget");
        assertEquals(5, spendAll(budgets, "192.0.2.7"), "an IPv4 client has its own");
        assertEquals(6, budgets.tracked());
    }

    @Test
    void fullBound_forgetsTheLeastRecentlyUsedFirst_andAForgottenAddressStartsFull() {
        ClientBudgets budgets = ClientBudgets.of(new PlaytchaSettings.ClientBudget(true, 60, 2, 3), now::get); // one segment: its order is exact
        assertEquals(2, spendAll(budgets, "10.0.0.1"));
        assertEquals(2, spendAll(budgets, "10.0.0.2"));
        assertEquals(2, spendAll(budgets, "10.0.0.3"));
        assertTrue(budgets.waitNanos("10.0.0.1") > 0, "10.0.0.1 is used again: now 10.0.0.2 is the oldest");

        assertEquals(2, spendAll(budgets, "10.0.0.4"));

        assertEquals(3, budgets.tracked());
        assertTrue(budgets.waitNanos("10.0.0.1") > 0, "remembered");
        assertTrue(budgets.waitNanos("10.0.0.4") > 0, "remembered");
        assertEquals(2, spendAll(budgets, "10.0.0.2"), "forgotten, so full again (and 10.0.0.3 is forgotten now)");
        assertEquals(2, spendAll(budgets, "10.0.0.3"));
    }

    @Test
    void segments_shareTheBoundExactly() {
        assertTrue(ClientBudgets.of(FIVE_THEN_ONE_A_SECOND, now::get).toString().endsWith("segments=64]"));
        assertTrue(ClientBudgets.of(new PlaytchaSettings.ClientBudget(true, 60, 5, 20), now::get).toString().endsWith("segments=1]"));
        assertTrue(ClientBudgets.of(new PlaytchaSettings.ClientBudget(true, 60, 5, 1), now::get).toString().endsWith("segments=1]"));
        ClientBudgets small = ClientBudgets.of(new PlaytchaSettings.ClientBudget(true, 60, 5, 100), now::get);
        assertTrue(small.toString().endsWith("segments=4]"), small.toString());
        for (int i = 0; i < 10_000; i++) {
            small.waitNanos("10.1." + (i >> 8) + "." + (i & 0xFF));
        }
        assertEquals(100, small.tracked(), "25 a segment");
    }

    /**
     * Many distinct addresses (a botnet, or a scan): the tracked count stays at the bound, and the
     * latest are kept. What they cost in heap at the default bound is the benchmark's figure
     * (benchmarks/REPORT.md, the memory part).
     */
    @Test
    void manyDistinctAddresses_keepTheTrackedCountAtTheBound() {
        ClientBudgets budgets = budgets(new PlaytchaSettings.ClientBudget(true, 120, 30, 1_000));
        for (int i = 0; i < 20_000; i++) {
            // A fresh string per request, as a container makes one: the budget keeps what it is given.
            String address = new StringBuilder("10.").append(i >>> 16).append('.').append(i >>> 8 & 0xFF).append('.')
                    .append(i & 0xFF).toString();
            assertEquals(0, budgets.waitNanos(address));
        }

        assertEquals(1_000, budgets.tracked());
        assertEquals(0, budgets.waitNanos("10.0.78.31"), "the latest are remembered: still in its burst");
    }
}
