package com.playtcha.jakarta.internal.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.playtcha.jakarta.internal.ledger.ManualClock;
import com.playtcha.jakarta.spi.store.AccountKey;
import com.playtcha.jakarta.spi.store.LoginFailures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * What every store of the failed-login counts promises ({@link LoginFailures}), for one node and for the
 * nodes of a cluster, on a clock the test moves: each backend's test supplies only its store, as
 * Bucket4j's {@code AbstractDistributedBucketTest} has each backend supply its proxy manager. A backend
 * that is one node in memory hands out that one node as every node, so the cluster's promises are one
 * node's. What a backend does differently by design (this node's window of slices, a shared store's
 * slow drain, an outage) is tested in the backend's own test class.
 */
public abstract class LoginFailuresContract {

    /** The defaults: 3 failures of an account, 10 of a client, in 15 minutes; 100 a minute for the application. */
    protected static final LoginFailures.Limits DEFAULTS = new LoginFailures.Limits(3, 10, Duration.ofMinutes(15), 100);
    private static final String ALICE_CLIENT = "203.0.113.7";
    private static final String OTHER_CLIENT = "198.51.100.9";
    private static final int NODES = 3;

    /** Every node's clock: it moves only when a test says time went by. */
    protected final ManualClock clock = new ManualClock();
    private final AccountKey accounts = AccountKey.of("sk_test_login", true);
    private final byte[] alice = accounts.hash("alice");
    private final byte[] bob = accounts.hash("bob");

    /**
     * A node of this test's cluster with these limits, on {@link #clock}: a new node on the test's one
     * store each call (every call of one test passes the same limits), or, for a store in this node's
     * memory, that one node each time. Closed by the backend's test after the test.
     */
    protected abstract LoginFailures node(LoginFailures.Limits limits);

    private List<LoginFailures> nodes(LoginFailures.Limits limits) {
        List<LoginFailures> nodes = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            nodes.add(node(limits));
        }
        return nodes;
    }

    // One node

    @Test
    void anAccountsLimit_thenItsAttemptsNeedAToken_fromAnyClient_andAnotherAccountsDoNot() {
        LoginFailures failures = node(DEFAULTS);
        for (int i = 0; i < 3; i++) {
            assertFalse(failures.needsToken(alice, ALICE_CLIENT), "attempt " + (i + 1) + " needs none yet");
            assertFalse(failures.needsToken(alice, OTHER_CLIENT), "nor from a second client: " + i + " failures of the first's");
            failures.failed(alice, ALICE_CLIENT);
            clock.advance(Duration.ofSeconds(5));
        }

        assertTrue(failures.needsToken(alice, ALICE_CLIENT));
        assertTrue(failures.needsToken(alice, OTHER_CLIENT), "the account's count holds for every client");
        assertFalse(failures.needsToken(bob, ALICE_CLIENT), "another account from the same client is not affected");
        assertFalse(failures.admit(alice, OTHER_CLIENT), "an admission needs a token too");
    }

    @Test
    void aClientsLimit_onAnyAccounts_thenItsAttemptsNeedAToken_andAnotherClientsDoNot() {
        LoginFailures failures = node(DEFAULTS);
        for (int i = 0; i < 10; i++) {
            assertFalse(failures.needsToken(accounts.hash("user" + i), ALICE_CLIENT));
            failures.failed(accounts.hash("user" + i), ALICE_CLIENT);
        }

        assertTrue(failures.needsToken(accounts.hash("someone-new"), ALICE_CLIENT));
        assertTrue(failures.needsToken(null, ALICE_CLIENT), "an attempt that names no account");
        assertFalse(failures.needsToken(accounts.hash("someone-new"), OTHER_CLIENT));
        assertFalse(failures.needsToken(null, OTHER_CLIENT));
    }

    @Test
    void anIpv6Client_isCountedByItsSlash64() {
        LoginFailures failures = node(new LoginFailures.Limits(3, 2, Duration.ofMinutes(15), 100));
        failures.failed(null, "2001:db8:1:2::1");
        failures.failed(null, "2001:db8:1:2:ffff::9");

        assertTrue(failures.needsToken(null, "2001:db8:1:2::77"));
        assertFalse(failures.needsToken(null, "2001:db8:1:3::1"), "another /64");
    }

    /**
     * Issue 49: the client count was per /64 only, and 256 /64s of one /56 gave 2,560 tokenless attempts.
     * A /56 holds 4 clients' limit, a /48 16: attempts spread so that no /64 (and, for the /48, no /56)
     * reaches its own limit are held by the wider one's, whichever nodes they go to.
     */
    @Test
    void theSlash64sOfOneSlash56_shareFourTimesTheClientsLimit_andOfOneSlash48_sixteenTimes_onEveryNode() {
        List<LoginFailures> nodes = nodes(new LoginFailures.Limits(100, 10, Duration.ofMinutes(15), 1_000_000));
        int admitted = 0;
        for (int i = 0; i < 20; i++) { // 20 /64s of one /56, 3 attempts each: no /64 at its 10
            for (int j = 0; j < 3; j++) {
                LoginFailures node = nodes.get((i + j) % NODES);
                byte[] account = accounts.hash("user" + i + "-" + j);
                String client = "2001:db8:1:" + Integer.toHexString(0x4400 + i) + "::1";
                if (node.admit(account, client)) {
                    admitted++;
                    node.admitted(account, client, false);
                }
            }
        }
        assertEquals(40, admitted, "one /56's 20 /64s");
        admitted = 0;
        for (int site = 0; site < 60; site++) { // 60 more /56s of the /48, 3 attempts each: no /56 at its 40
            for (int j = 0; j < 3; j++) {
                String client = "2001:db8:1:" + Integer.toHexString(site << 8) + "::1";
                if (nodes.get((site + j) % NODES).admit(accounts.hash("more" + site + "-" + j), client)) {
                    admitted++;
                }
            }
        }
        assertEquals(160 - 40, admitted, "the rest of the /48's, across its /56s");
        nodes.forEach(node -> assertFalse(node.needsToken(null, "2001:db8:2::1"), "another /48"));
    }

    /**
     * Attempts let go on without a token count as they go: three under way at once use up the account's
     * limit before any outcome is known. A success gives back the account's and the client's one; a
     * failure leaves both counted and adds the application's.
     */
    @Test
    void admittedAttempts_countAsTheyGo_andASuccessGivesTheClientsBack() {
        LoginFailures failures = node(new LoginFailures.Limits(3, 4, Duration.ofMinutes(15), 1));

        assertTrue(failures.admit(alice, ALICE_CLIENT));
        assertTrue(failures.admit(alice, ALICE_CLIENT));
        assertTrue(failures.admit(alice, OTHER_CLIENT));
        assertFalse(failures.admit(alice, "192.0.2.1"), "three under way: the fourth needs a token");
        assertTrue(failures.needsToken(alice, "192.0.2.1"));

        failures.admitted(alice, ALICE_CLIENT, true);
        assertFalse(failures.needsToken(alice, "192.0.2.1"), "the success gave the account's one back");
        assertTrue(failures.admit(bob, ALICE_CLIENT), "the client has one under way: its success gave one back");
        assertTrue(failures.admit(accounts.hash("carol"), ALICE_CLIENT));
        assertTrue(failures.admit(accounts.hash("dave"), ALICE_CLIENT));
        assertFalse(failures.admit(accounts.hash("erin"), ALICE_CLIENT), "the client's four: alice's second, bob's, carol's and dave's");

        failures.admitted(bob, ALICE_CLIENT, false);
        failures.admitted(accounts.hash("carol"), ALICE_CLIENT, false);
        assertTrue(failures.needsToken(accounts.hash("someone"), "198.51.100.77"), "two failures a minute, above the application's one");
    }

    /** A success without a token gives back only what its own attempt counted in advance. */
    @Test
    void anAdmittedSuccess_leavesTheCountsAsTheyWere() {
        LoginFailures failures = node(new LoginFailures.Limits(3, 3, Duration.ofMinutes(15), 100));
        failures.failed(alice, OTHER_CLIENT);
        failures.failed(alice, OTHER_CLIENT);
        assertTrue(failures.admit(alice, ALICE_CLIENT));
        failures.admitted(alice, ALICE_CLIENT, true);

        assertFalse(failures.needsToken(alice, ALICE_CLIENT));
        failures.failed(alice, ALICE_CLIENT);
        assertTrue(failures.needsToken(alice, ALICE_CLIENT), "the two failures before it still count: a third reaches the limit");
    }

    /** An admission that needs a token counts nothing: not the account's, not its client's. */
    @Test
    void aRefusedAdmission_countsNothing() {
        LoginFailures failures = node(DEFAULTS);
        for (int i = 0; i < 3; i++) {
            assertTrue(failures.admit(alice, "192.0.2." + (50 + i)));
        }
        for (int i = 0; i < 5; i++) {
            assertFalse(failures.admit(alice, "192.0.2.60"), "alice at her limit");
        }
        for (int i = 0; i < DEFAULTS.client(); i++) {
            assertTrue(failures.admit(accounts.hash("other " + i), "192.0.2.60"), "the refused attempts took nothing from their client: " + i);
        }
        assertFalse(failures.admit(accounts.hash("one more"), "192.0.2.60"), "the client's own ten");
    }

    /**
     * Issue 49: a success cleared the account's count, so after three failures each, alice (whose owner
     * then logged in with a token) went on without a token while an unknown name still needed one.
     */
    @Test
    void aSuccess_neverClearsTheAccount_soItAnswersAsAnUnknownName() {
        LoginFailures failures = node(new LoginFailures.Limits(3, 1_000, Duration.ofMinutes(15), 100));
        byte[] unknown = accounts.hash("nobody-by-this-name");
        for (int i = 0; i < 3; i++) {
            failures.failed(alice, ALICE_CLIENT);
            failures.failed(unknown, ALICE_CLIENT);
        }
        assertTrue(failures.needsToken(alice, OTHER_CLIENT));

        failures.succeeded(alice); // her owner, with a token
        assertEquals(failures.admit(unknown, "192.0.2.81"), failures.admit(alice, "192.0.2.80"), "alice answers as an unknown name");
        assertTrue(failures.needsToken(alice, OTHER_CLIENT), "her count is as it was: a captcha until the window passes");
        assertTrue(failures.needsToken(unknown, OTHER_CLIENT));
    }

    /**
     * From the review of issue 39: on a realm that tells {@code ALICE} from {@code alice}
     * ({@code playtcha.login.account-names=exact}), an attacker who owns {@code ALICE} logs into it between
     * guesses at {@code alice}; that success must not clear her count. (Since issue 49 no success clears a
     * count at all; the test still holds.)
     */
    @Test
    void aSuccessOfAnotherAccountOfTheRealm_doesNotClearTheVictimsCount() {
        LoginFailures failures = node(new LoginFailures.Limits(3, 1_000, Duration.ofMinutes(15), 1_000));
        AccountKey exact = AccountKey.of("sk_test_login", false);
        byte[] victim = exact.hash("alice");
        byte[] attackersOwn = exact.hash("ALICE");
        String attacker = "203.0.113.7";
        int guessesWithoutAToken = 0;
        for (int round = 0; round < 10; round++) {
            for (int i = 0; i < 2; i++) {
                if (failures.admit(victim, attacker)) {
                    guessesWithoutAToken++;
                    failures.admitted(victim, attacker, false); // the realm refused the guess
                }
                clock.advance(Duration.ofMillis(1));
            }
            if (failures.admit(attackersOwn, attacker)) {
                failures.admitted(attackersOwn, attacker, true); // the attacker's own password, accepted
            }
        }
        // The account's limit is 3 in 15 minutes, and the guesses took 20 ms.
        assertFalse(guessesWithoutAToken > 3, guessesWithoutAToken + " guesses at alice went on without a token");
    }

    /**
     * A count at its limit still asks for a token a sixteenth of the window later, and none is left of it
     * a window and a sixteenth later. How it fades in between is the backend's (this node's slices, a
     * shared store's drain).
     */
    @Test
    void aCountAtItsLimit_holdsForAMoment_andIsForgottenWithinAWindow() {
        LoginFailures failures = node(DEFAULTS);
        for (int i = 0; i < 3; i++) {
            failures.failed(alice, ALICE_CLIENT);
        }
        clock.advance(DEFAULTS.window().dividedBy(16));
        assertTrue(failures.needsToken(alice, OTHER_CLIENT), "a sixteenth of the window later");

        clock.advance(DEFAULTS.window());
        assertFalse(failures.needsToken(alice, OTHER_CLIENT), "a window and a sixteenth later");
        for (int i = 0; i < 2; i++) {
            failures.failed(alice, ALICE_CLIENT);
        }
        assertFalse(failures.needsToken(alice, OTHER_CLIENT), "two new failures: none of the old three is left");
    }

    // The nodes of a cluster (one node, for a store in this node's memory)

    @Test
    void failuresSpreadOverTheNodes_askEveryNodeForAToken_andASuccessClearsNothing() {
        List<LoginFailures> nodes = nodes(DEFAULTS);
        for (int i = 0; i < 3; i++) {
            for (LoginFailures node : nodes) {
                assertFalse(node.needsToken(alice, "198.51.100.99"), "failures so far: " + i);
            }
            nodes.get(i % NODES).failed(alice, "198.51.100." + (10 + i)); // each from another client, on another node
        }
        for (LoginFailures node : nodes) {
            assertTrue(node.needsToken(alice, "198.51.100.99"), "3 failures, spread over the nodes: every node asks for a token");
            assertFalse(node.needsToken(bob, "198.51.100.99"), "another account, from a client with no failures, does not");
        }
        nodes.get(1).succeeded(alice); // her owner, with a token
        for (LoginFailures node : nodes) {
            assertTrue(node.needsToken(alice, "198.51.100.99"), "a success clears nothing (issue 49)");
            assertFalse(node.admit(alice, "198.51.100.98"));
        }
        nodes.forEach(node -> assertEquals(null, node.away()));
    }

    @Test
    void aClientsFailuresOnTheNodes_askEveryNodeForATokenFromThatClient_only() {
        List<LoginFailures> nodes = nodes(DEFAULTS);
        for (int i = 0; i < DEFAULTS.client(); i++) {
            nodes.get(i % NODES).failed(accounts.hash("user" + i), "2001:db8:1:2::" + (i + 1)); // one /64, many addresses, many accounts
        }
        for (LoginFailures node : nodes) {
            assertTrue(node.needsToken(accounts.hash("carol"), "2001:db8:1:2::ffff"), "the /64 failed 10 times across the nodes");
            assertFalse(node.needsToken(accounts.hash("carol"), "2001:db8:1:3::1"), "another /64 has its own count");
            assertFalse(node.needsToken(null, "192.0.2.1"), "an attempt naming no account, from another client");
        }
    }

    /**
     * Credential stuffing sends its guesses at once, to every node: 30 attempts on one account, ten on
     * each node at the same moment, before any outcome is known. No more than the account's three go on
     * without a token (an admission that waited too long for a shared store is told to bring a token).
     */
    @Test
    void guessesSentAtOnceToTheNodes_noMoreThanTheAccountsLimitGoOnWithoutAToken() throws Exception {
        List<LoginFailures> nodes = nodes(DEFAULTS);
        int wentOn = atOnce(30, i -> nodes.get(i % NODES).admit(alice, "198.51.100." + (i + 1))); // each guess from a client of its own
        assertTrue(wentOn >= 1 && wentOn <= 3, wentOn + " went on: at most the account's limit");
        nodes.forEach(node -> assertTrue(node.needsToken(alice, "203.0.113.1"), "counted before any outcome"));
    }

    /** The same from one client on many accounts: no more than the client's ten go on without a token. */
    @Test
    void attemptsOfOneClientSentAtOnceToTheNodes_noMoreThanTheClientsLimitGoOnWithoutAToken() throws Exception {
        List<LoginFailures> nodes = nodes(DEFAULTS);
        int wentOn = atOnce(30, i -> nodes.get(i % NODES).admit(accounts.hash("victim" + i), "2001:db8:5:6::" + (i + 1)));
        assertTrue(wentOn >= 1 && wentOn <= DEFAULTS.client(), wentOn + " went on: at most the client's limit");
        nodes.forEach(node -> assertTrue(node.needsToken(null, "2001:db8:5:6::ffff"), "counted before any outcome"));
    }

    /**
     * The application's rate: more failures than its limit at once, spread over the nodes and on
     * accounts and clients no count knows, make every attempt on every node need a token (a node may read
     * the cluster's count up to a second late), and once no more come, attempts need none again within
     * two minutes. The exact edges (this node's last minute, a shared bucket's refill) are the backend's.
     */
    @Test
    void theApplicationsRate_switchesEveryNodeToNeedingAToken_andBackOnceItFalls() {
        LoginFailures.Limits limits = new LoginFailures.Limits(3, 10, Duration.ofMinutes(15), 60);
        List<LoginFailures> nodes = nodes(limits);
        nodes.forEach(node -> assertFalse(node.needsToken(null, null)));
        for (int i = 0; i < 90; i++) {
            nodes.get(i % NODES).failed(null, null);
        }
        for (LoginFailures node : nodes) {
            within(Duration.ofSeconds(2), Duration.ofMillis(100), () -> node.needsToken(accounts.hash("erin"), "192.0.2.77"),
                    "every attempt on every node needs a token");
        }
        for (LoginFailures node : nodes) {
            within(Duration.ofMinutes(2), Duration.ofSeconds(1), () -> !node.needsToken(accounts.hash("erin"), "192.0.2.77"),
                    "the rate fell back: attempts need no token again");
        }
    }

    /** Moves the clock by {@code step} until {@code holds}, at most {@code within} of it; fails when it never held. */
    private void within(Duration within, Duration step, BooleanSupplier holds, String what) {
        for (Duration passed = Duration.ZERO; passed.compareTo(within) <= 0; passed = passed.plus(step)) {
            if (holds.getAsBoolean()) {
                return;
            }
            clock.advance(step);
        }
        fail("within " + within + " on the clock: " + what);
    }

    /** One attempt per thread, all released at once; how many of them {@code attempt} answered {@code true}. */
    private static int atOnce(int threads, Attempt attempt) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> answers = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int n = i;
                answers.add(pool.submit(() -> {
                    start.await();
                    return attempt.admit(n);
                }));
            }
            start.countDown();
            int yes = 0;
            for (Future<Boolean> answer : answers) {
                yes += answer.get(60, TimeUnit.SECONDS) ? 1 : 0;
            }
            return yes;
        } finally {
            pool.shutdownNow();
        }
    }

    /** The {@code n}th of the attempts sent at once. */
    private interface Attempt {
        boolean admit(int n);
    }
}
