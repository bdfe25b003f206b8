package com.playtcha.jakarta.internal.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.playtcha.jakarta.core.InvalidSettingException;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.Setting;
import com.playtcha.jakarta.internal.ledger.ManualClock;
import com.playtcha.jakarta.spi.store.AccountKey;
import com.playtcha.jakarta.spi.store.LoginFailures;
import com.playtcha.jakarta.spi.store.Resources;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * What this node's own counts do by design beyond {@link LoginFailuresContract} (which
 * {@link LocalLoginFailuresContractTest} runs on them): a window of slices, the application's exact last
 * minute, a sketch that no volume evicts from and that leaves new names free, and which counts
 * {@link LoginFailures#of} gives.
 */
class LocalLoginFailuresTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    /** The defaults: 3 failures of an account, 10 of a client, in 15 minutes; 100 a minute for the application. */
    private static final LoginFailures.Limits DEFAULTS = new LoginFailures.Limits(3, 10, Duration.ofMinutes(15), 100);
    private static final String ALICE_CLIENT = "203.0.113.7";
    private static final String OTHER_CLIENT = "198.51.100.9";

    /** Ten seconds before {@code nanoTime} wraps, so each test crosses the wrap: only differences count. */
    private final AtomicLong now = new AtomicLong(Long.MAX_VALUE - 10 * SECOND);
    private final AccountKey accounts = AccountKey.of("sk_test_login", true);
    private final byte[] alice = accounts.hash("alice");
    private final byte[] bob = accounts.hash("bob");

    private LocalLoginFailures failures(LoginFailures.Limits limits) {
        return new LocalLoginFailures(limits, ManualClock.reading(now::get));
    }

    private void advance(Duration by) {
        now.addAndGet(by.toNanos());
    }

    @Test
    void aScope_countsApart_onTheSameLimits() {
        LocalLoginFailures failures = failures(DEFAULTS);
        LoginFailures realm = failures.within("realm-1");
        LoginFailures other = failures.within("realm-2");
        for (int i = 0; i < 3; i++) {
            realm.failed(alice, ALICE_CLIENT);
        }
        assertTrue(realm.needsToken(alice, OTHER_CLIENT), "the scope's three, its limit the counts'");
        assertFalse(other.needsToken(alice, OTHER_CLIENT), "another scope's alice");
        assertFalse(failures.needsToken(alice, OTHER_CLIENT), "the counts the scope was made from");
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
    void loginFailuresOf_isThisNodesOwnWhenNothingIsShared_underAlwaysToo() {
        // always keeps counts too: they bound the logins that fail open (docs/login.md, "When Playtcha cannot answer").
        PlaytchaSettings always = PlaytchaSettings.builder("sk_test_login").build();
        assertSame(LocalLoginFailures.class, Stores.loginFailures(always, ManualClock.reading(now::get), "test", Resources.NONE).getClass());

        LoginFailures local = Stores.loginFailures(PlaytchaSettings.builder("sk_test_login").loginAfterFailures(true).build(), ManualClock.reading(now::get), "test", Resources.NONE);
        assertNotNull(local);
        assertSame(LocalLoginFailures.class, local.getClass());
    }

    @Test
    void aSharedStoreWithoutTheClusterModule_failsNamingTheSetting() {
        PlaytchaSettings shared = PlaytchaSettings.builder("sk_test_login").loginAfterFailures(true)
                .clientBudgetCache("playtcha-budgets").build();

        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> Stores.loginFailures(shared, ManualClock.reading(now::get), "test", Resources.NONE));

        assertSame(Setting.CLIENT_BUDGET_CACHE, e.setting(), "the key of the store that is shared");
        assertTrue(e.getMessage().contains("playtcha-jakarta-cluster"), e.getMessage());
    }
}
