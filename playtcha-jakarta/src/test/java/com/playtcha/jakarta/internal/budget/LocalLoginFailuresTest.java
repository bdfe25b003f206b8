package com.playtcha.jakarta.internal.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.InvalidSettingException;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.Setting;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * One node's counts of failed logins on a fake clock: the decision table of
 * {@code playtcha.login.require=after-failures} (the account's, the client's and the application's
 * limits), the window, a success, and the bound on what is kept.
 */
class LocalLoginFailuresTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    /** The defaults: 3 failures of an account, 10 of a client, in 15 minutes; 100 a minute for the application. */
    private static final LoginFailures.Limits DEFAULTS = new LoginFailures.Limits(3, 10, Duration.ofMinutes(15), 100);
    private static final String ALICE_CLIENT = "203.0.113.7";
    private static final String OTHER_CLIENT = "198.51.100.9";

    /** Ten seconds before {@code nanoTime} wraps, so each test crosses the wrap: only differences count. */
    private final AtomicLong now = new AtomicLong(Long.MAX_VALUE - 10 * SECOND);
    private final AccountKey accounts = AccountKey.of("sk_test_login");
    private final byte[] alice = accounts.hash("alice");
    private final byte[] bob = accounts.hash("bob");

    private LocalLoginFailures failures(LoginFailures.Limits limits) {
        return new LocalLoginFailures(limits, now::get);
    }

    private void advance(Duration by) {
        now.addAndGet(by.toNanos());
    }

    /**
     * Attempts let go on without a token count as they go: three under way at once use up the account's
     * limit before any outcome is known. A success gives back the account's and the client's one; a
     * failure leaves both counted and adds the application's.
     */
    @Test
    void admittedAttempts_countAsTheyGo_andASuccessGivesTheClientsBack() {
        LocalLoginFailures failures = failures(new LoginFailures.Limits(3, 4, Duration.ofMinutes(15), 1));

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

    @Test
    void threeFailuresOfAnAccount_thenItsAttemptsNeedAToken_fromAnyClient() {
        LocalLoginFailures failures = failures(DEFAULTS);

        for (int i = 0; i < 3; i++) {
            assertFalse(failures.needsToken(alice, ALICE_CLIENT), "attempt " + (i + 1) + " needs none yet");
            failures.failed(alice, ALICE_CLIENT);
            advance(Duration.ofSeconds(5));
        }

        assertTrue(failures.needsToken(alice, ALICE_CLIENT));
        assertTrue(failures.needsToken(alice, OTHER_CLIENT), "the account's count holds for every client");
        assertFalse(failures.needsToken(bob, ALICE_CLIENT), "another account from the same client is not affected");
    }

    @Test
    void aSecondClient_isUnaffected_untilTheAccountsThreshold() {
        LocalLoginFailures failures = failures(DEFAULTS);
        failures.failed(alice, ALICE_CLIENT);
        failures.failed(alice, ALICE_CLIENT);

        assertFalse(failures.needsToken(alice, OTHER_CLIENT), "two failures of the first client's");
        failures.failed(alice, ALICE_CLIENT);
        assertTrue(failures.needsToken(alice, OTHER_CLIENT), "the third is the account's threshold");
    }

    @Test
    void tenFailuresOfAClient_onAnyAccounts_thenItsAttemptsNeedAToken() {
        LocalLoginFailures failures = failures(DEFAULTS);
        for (int i = 0; i < 10; i++) {
            assertFalse(failures.needsToken(accounts.hash("user" + i), ALICE_CLIENT));
            failures.failed(accounts.hash("user" + i), ALICE_CLIENT);
        }

        assertTrue(failures.needsToken(accounts.hash("someone-new"), ALICE_CLIENT));
        assertTrue(failures.needsToken(null, ALICE_CLIENT), "an attempt that names no account");
        assertTrue(failures.needsToken(null, "203.0.113.7"), "the same address");
        assertFalse(failures.needsToken(accounts.hash("someone-new"), OTHER_CLIENT));
    }

    /**
     * Issue 49: the client count was per /64 only, and 256 /64s of one /56 gave 2,560 tokenless attempts.
     * A /56 holds 4 clients' limit, a /48 16.
     */
    @Test
    void theSlash64sOfOneSlash56_shareFourTimesTheClientsLimit_andOfOneSlash48_sixteenTimes() {
        LocalLoginFailures failures = failures(new LoginFailures.Limits(100, 10, Duration.ofMinutes(15), 1_000_000));
        int admitted = 0;
        for (int i = 0; i < 256; i++) {
            for (int j = 0; j < 10; j++) {
                if (failures.admit(accounts.hash("user" + i + "-" + j), "2001:db8:1:" + Integer.toHexString(0x4400 + i) + "::1")) {
                    admitted++;
                    failures.admitted(accounts.hash("user" + i + "-" + j), "2001:db8:1:" + Integer.toHexString(0x4400 + i) + "::1", false);
                }
            }
        }
        assertEquals(40, admitted, "one /56's 256 /64s");
        admitted = 0;
        for (int site = 0; site < 256; site++) {
            for (int j = 0; j < 10; j++) {
                String client = "2001:db8:1:" + Integer.toHexString(site << 8) + "::1";
                if (failures.admit(accounts.hash("more" + site + "-" + j), client)) {
                    admitted++;
                }
            }
        }
        assertEquals(160 - 40, admitted, "the rest of the /48's, across its /56s");
        assertFalse(failures.needsToken(null, "2001:db8:2::1"), "another /48");
    }

    @Test
    void anIpv6Client_isCountedByItsSlash64() {
        LocalLoginFailures failures = failures(new LoginFailures.Limits(3, 2, Duration.ofMinutes(15), 100));
        failures.failed(null, "2001:db8:1:2::1");
        failures.failed(null, "2001:db8:1:2:ffff::9");

        assertTrue(failures.needsToken(null, "2001:db8:1:2::77"));
        assertFalse(failures.needsToken(null, "2001:db8:1:3::1"), "another /64");
    }

    @Test
    void failuresExpire_afterTheWindow() {
        LocalLoginFailures failures = failures(DEFAULTS);
        failures.failed(alice, ALICE_CLIENT);
        advance(Duration.ofMinutes(10));
        failures.failed(alice, ALICE_CLIENT);
        failures.failed(alice, ALICE_CLIENT);
        assertTrue(failures.needsToken(alice, OTHER_CLIENT));

        advance(Duration.ofMinutes(5).plus(Duration.ofMinutes(15).dividedBy(LocalLoginFailures.SLICES)));
        assertFalse(failures.needsToken(alice, OTHER_CLIENT), "the first failure is a window and a slice old: two are left");
        failures.failed(alice, ALICE_CLIENT);
        assertTrue(failures.needsToken(alice, OTHER_CLIENT), "three within the window again");

        advance(Duration.ofMinutes(16));
        assertFalse(failures.needsToken(alice, ALICE_CLIENT), "all of them older than the window and a slice");
    }

    /**
     * Issue 49: a success cleared the account's count, so after three failures each, alice (whose owner
     * then logged in with a token) went on without a token while an unknown name still needed one.
     */
    @Test
    void aSuccess_neverClearsTheAccount_soItAnswersAsAnUnknownName() {
        LocalLoginFailures failures = failures(new LoginFailures.Limits(3, 1_000, Duration.ofMinutes(15), 100));
        byte[] unknown = accounts.hash("nobody-by-this-name");
        for (int i = 0; i < 3; i++) {
            failures.failed(alice, ALICE_CLIENT);
            failures.failed(unknown, ALICE_CLIENT);
        }
        assertTrue(failures.needsToken(alice, OTHER_CLIENT));

        failures.succeeded(alice); // her owner, with a token
        assertTrue(failures.admit(alice, "192.0.2.80") == failures.admit(unknown, "192.0.2.81"), "alice answers as an unknown name");
        assertTrue(failures.needsToken(alice, OTHER_CLIENT), "her count is as it was: a captcha until the window passes");
        assertTrue(failures.needsToken(unknown, OTHER_CLIENT));
    }

    /** A success without a token gives back only what its own attempt counted in advance. */
    @Test
    void anAdmittedSuccess_leavesTheCountsAsTheyWere() {
        LocalLoginFailures failures = failures(new LoginFailures.Limits(3, 3, Duration.ofMinutes(15), 100));
        failures.failed(alice, OTHER_CLIENT);
        failures.failed(alice, OTHER_CLIENT);
        assertTrue(failures.admit(alice, ALICE_CLIENT));
        failures.admitted(alice, ALICE_CLIENT, true);

        assertFalse(failures.needsToken(alice, ALICE_CLIENT));
        failures.failed(alice, ALICE_CLIENT);
        assertTrue(failures.needsToken(alice, ALICE_CLIENT), "the two failures before it still count: a third reaches the limit");
    }

    @Test
    void theApplicationsRate_switchesEveryAttemptToTokenRequired_andBack() {
        LocalLoginFailures failures = failures(new LoginFailures.Limits(1000, 1000, Duration.ofMinutes(15), 100));
        for (int i = 0; i < 100; i++) {
            failures.failed(accounts.hash("victim" + i), "192.0.2." + (i % 200));
            advance(Duration.ofMillis(300)); // 100 failures over 30 s
        }
        assertFalse(failures.needsToken(bob, OTHER_CLIENT), "100 a minute is the limit, not above it");

        failures.failed(accounts.hash("one-more"), "192.0.2.250");

        assertTrue(failures.needsToken(bob, OTHER_CLIENT), "101 in the last minute: an attack, every attempt");
        assertTrue(failures.needsToken(null, null));
        advance(Duration.ofSeconds(20));
        assertTrue(failures.needsToken(bob, OTHER_CLIENT), "the failures of the last minute still count");
        advance(Duration.ofSeconds(41));
        assertFalse(failures.needsToken(bob, OTHER_CLIENT), "the rate fell back: no token for a quiet account");
    }

    /**
     * Issue 49: the counts kept at most 65,536 keys, the least recently seen forgotten first, so failures
     * on as many other names evicted a victim's count. The sketch forgets nothing within the window.
     */
    @Test
    void volume_cannotEvictAnAccountsCount() {
        LocalLoginFailures failures = failures(new LoginFailures.Limits(3, 1_000_000, Duration.ofMinutes(15), 1_000_000));
        for (int i = 0; i < 3; i++) {
            failures.failed(alice, null);
        }
        for (int i = 0; i < 70_000; i++) {
            failures.failed(accounts.hash("filler" + i), null);
        }
        assertTrue(failures.needsToken(alice, null), "alice's count is still there");
        assertFalse(failures.admit(alice, ALICE_CLIENT));
    }

    /** What the sketch shares between keys only ever asks for a token: a thousand other names leave a new one free. */
    @Test
    void otherAccountsFailures_leaveANewAccountFree() {
        LocalLoginFailures failures = failures(new LoginFailures.Limits(3, 1_000_000, Duration.ofMinutes(15), 1_000_000));
        for (int i = 0; i < 1_000; i++) {
            for (int j = 0; j < 3; j++) {
                failures.failed(accounts.hash("guessed" + i), null);
            }
        }
        int free = 0;
        for (int i = 0; i < 100; i++) {
            free += failures.needsToken(accounts.hash("new" + i), null) ? 0 : 1;
        }
        assertEquals(100, free);
    }

    @Test
    void loginFailuresOf_isNoneWithAlways_andThisNodesOwnWhenNothingIsShared() {
        PlaytchaSettings always = PlaytchaSettings.builder("sk_test_login").build();
        assertNull(LoginFailures.of(always, Clock.systemUTC(), now::get, "test"));

        LoginFailures local = LoginFailures.of(PlaytchaSettings.builder("sk_test_login").loginAfterFailures(true).build(), Clock.systemUTC(), now::get, "test");
        assertNotNull(local);
        assertSame(LocalLoginFailures.class, local.getClass());
    }

    @Test
    void aSharedStoreWithoutTheClusterModule_failsNamingTheSetting() {
        PlaytchaSettings shared = PlaytchaSettings.builder("sk_test_login").loginAfterFailures(true)
                .clientBudgetCache("playtcha-budgets").build();

        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> LoginFailures.of(shared, Clock.systemUTC(), now::get, "test"));

        assertSame(Setting.CLIENT_BUDGET_CACHE, e.setting(), "the key of the store that is shared");
        assertTrue(e.getMessage().contains("playtcha-jakarta-cluster"), e.getMessage());
    }
}
