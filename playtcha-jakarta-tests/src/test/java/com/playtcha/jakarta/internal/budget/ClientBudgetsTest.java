package com.playtcha.jakarta.internal.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.internal.ledger.ManualClock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * What this node's own buckets do beyond {@link BudgetsContract} (which {@link ClientBudgetsContractTest}
 * runs on them): a refund, and the bound on what is remembered.
 */
class ClientBudgetsTest {

    /** 60 a minute: one verify earned back a second, so the arithmetic below is in whole seconds. */
    private static final PlaytchaSettings.ClientBudget FIVE_THEN_ONE_A_SECOND = new PlaytchaSettings.ClientBudget(true, 60, 5, 100_000);
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    /** Ten seconds before {@code nanoTime} wraps, so each test crosses the wrap: the buckets compare differences only. */
    private final AtomicLong now = new AtomicLong(Long.MAX_VALUE - 10 * SECOND);

    private ClientBudgets budgets(PlaytchaSettings.ClientBudget settings) {
        return ClientBudgets.of(settings, ManualClock.reading(now::get));
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

    /**
     * Before: 65,536 /64s of a /48, 65,536 budgets. Each of them spends here, and the buckets kept are the
     * 21 that spent: a refused verify remembers nothing new. Seen from outside: with room for those 21 and
     * one client spent before them (one segment, so its order is exact), that client is not forgotten.
     */
    @Test
    void aSlash48sSixtyFiveThousandSlash64s_getSixteenBudgets_andAreRememberedAsTheBucketsThatSpent() {
        ClientBudgets budgets = budgets(new PlaytchaSettings.ClientBudget(true, 60, 5, 1 + 4 + 16 + 1));
        assertEquals(5, spendAll(budgets, "192.0.2.1"));
        int spent = 0;
        for (int i = 0; i < 65_536; i++) {
            spent += spendAll(budgets, "2001:db8:7:" + Integer.toHexString(i) + "::" + Integer.toHexString(i));
        }

        assertEquals(16 * 5, spent);
        assertTrue(budgets.waitNanos("192.0.2.1") > 0, "the client spent before is remembered: the /48, the four /56s and "
                + "sixteen /64s that spent are all that is kept, refused verifies remember nothing new");
        assertEquals(5, spendAll(budgets, "2001:db8:8::1"), "another /48 has its own");

        now.addAndGet(SECOND);
        assertEquals(16, spendAll(budgets, "2001:db8:7:ffff::1") + spendAll(budgets, "2001:db8:7:1234::1")
                + spendAll(budgets, "2001:db8:7:5678::1") + spendAll(budgets, "2001:db8:7:9abc::1"),
                "a /48 earns back sixteen a second, a /64 one");
    }

    /**
     * Text that is no IP address: a bucket per text, and one for all text longer than any address: eight
     * texts, six buckets, which room for six keeps (one segment, so its order is exact).
     */
    @Test
    void textThatIsNoIpAddress_keepsABucketPerText_andOneForAllOverlongText() {
        ClientBudgets budgets = budgets(new PlaytchaSettings.ClientBudget(true, 60, 5, 6));
        List<String> texts = List.of("unknown", "/run/app.sock", "", "2001:db8::1::2", new String("unknown"), "x".repeat(1000),
                "y".repeat(1000), "192.0.2.7");
        List<Integer> spent = texts.stream().map(text -> spendAll(budgets, text)).toList();
        assertEquals(List.of(5, 5, 5, 5, 0, 5, 0, 5), spent, "the same text, and any overlong one, spend from one bucket");
        for (String text : texts) {
            assertTrue(budgets.waitNanos(text) > 0, () -> "forgotten: " + text.substring(0, Math.min(20, text.length())));
        }
    }

    @Test
    void fullBound_forgetsTheLeastRecentlyUsedFirst_andAForgottenAddressStartsFull() {
        ClientBudgets budgets = ClientBudgets.of(new PlaytchaSettings.ClientBudget(true, 60, 2, 3), ManualClock.reading(now::get)); // one segment: its order is exact
        assertEquals(2, spendAll(budgets, "10.0.0.1"));
        assertEquals(2, spendAll(budgets, "10.0.0.2"));
        assertEquals(2, spendAll(budgets, "10.0.0.3"));
        assertTrue(budgets.waitNanos("10.0.0.1") > 0, "10.0.0.1 is used again: now 10.0.0.2 is the oldest");

        assertEquals(2, spendAll(budgets, "10.0.0.4"));

        assertTrue(budgets.waitNanos("10.0.0.1") > 0, "remembered");
        assertTrue(budgets.waitNanos("10.0.0.4") > 0, "remembered");
        assertEquals(2, spendAll(budgets, "10.0.0.2"), "forgotten, so full again (and 10.0.0.3 is forgotten now)");
        assertEquals(2, spendAll(budgets, "10.0.0.3"));
    }

    @Test
    void segments_shareTheBoundExactly() {
        assertTrue(ClientBudgets.of(FIVE_THEN_ONE_A_SECOND, ManualClock.reading(now::get)).toString().endsWith("segments=64]"));
        assertTrue(ClientBudgets.of(new PlaytchaSettings.ClientBudget(true, 60, 5, 20), ManualClock.reading(now::get)).toString().endsWith("segments=1]"));
        assertTrue(ClientBudgets.of(new PlaytchaSettings.ClientBudget(true, 60, 5, 1), ManualClock.reading(now::get)).toString().endsWith("segments=1]"));
        ClientBudgets small = ClientBudgets.of(new PlaytchaSettings.ClientBudget(true, 60, 1, 100), ManualClock.reading(now::get));
        assertTrue(small.toString().endsWith("segments=4]"), small.toString());
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            addresses.add("10.1." + (i >> 8) + "." + (i & 0xFF));
            small.waitNanos(addresses.get(i));
        }
        assertEquals(100, remembered(small, addresses), "25 a segment");
    }

    /**
     * Many distinct addresses (a botnet, or a scan): the tracked count stays at the bound, and the
     * latest are kept. What they cost in heap at the default bound is the benchmark's figure
     * (benchmarks/REPORT.md, the memory part).
     */
    @Test
    void manyDistinctAddresses_keepTheTrackedCountAtTheBound() {
        ClientBudgets budgets = budgets(new PlaytchaSettings.ClientBudget(true, 120, 1, 1_000));
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            // A fresh string per request, as a container makes one: the budget keeps what it is given.
            String address = new StringBuilder("10.").append(i >>> 16).append('.').append(i >>> 8 & 0xFF).append('.')
                    .append(i & 0xFF).toString();
            assertEquals(0, budgets.waitNanos(address));
            addresses.add(address);
        }

        assertTrue(budgets.waitNanos("10.0.78.31") > 0, "the latest are remembered: its one verify spent");
        assertEquals(1_000, remembered(budgets, addresses));
    }

    /**
     * How many of {@code addresses} (each spent its one verify, oldest first) are remembered: refused now,
     * where a forgotten one starts full. Asked newest first, so that a forgotten one, which spends and is
     * remembered from then on, only pushes out of its segment what was already counted there.
     */
    private static int remembered(ClientBudgets budgets, List<String> addresses) {
        int remembered = 0;
        for (int i = addresses.size() - 1; i >= 0; i--) {
            remembered += budgets.waitNanos(addresses.get(i)) > 0 ? 1 : 0;
        }
        return remembered;
    }
}
