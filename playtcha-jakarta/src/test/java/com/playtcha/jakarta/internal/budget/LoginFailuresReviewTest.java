package com.playtcha.jakarta.internal.budget;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * From the review of issue 39: with names folded (NFKC, strip, case) "Alice" and "ALICE" are one count,
 * and a success clears it. On a realm that tells those names apart and lets users choose them, a success
 * of the other name is another account's: an attacker who owns {@code ALICE} logs into it between
 * guesses at {@code alice} and so clears her count. {@code playtcha.login.account-names=exact} counts
 * names as such a realm compares them, and closes that. (Since issue 49 no success clears a count at all;
 * the test still holds.)
 */
class LoginFailuresReviewTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    /** Names as a realm that tells {@code ALICE} from {@code alice} compares them: {@code playtcha.login.account-names=exact}. */
    private final AccountKey accounts = AccountKey.of("sk_test_login", false);

    @Test
    void aSuccessOfAnotherAccountOfTheRealm_doesNotClearTheVictimsCount() {
        LocalLoginFailures failures = new LocalLoginFailures(new LoginFailures.Limits(3, 1_000, Duration.ofMinutes(15), 1_000), now::get);
        byte[] victim = accounts.hash("alice");
        byte[] attackersOwn = accounts.hash("ALICE"); // another account in a realm that compares names exactly
        String attacker = "203.0.113.7";
        int guessesWithoutAToken = 0;
        for (int round = 0; round < 10; round++) {
            for (int i = 0; i < 2; i++) {
                if (failures.admit(victim, attacker)) {
                    guessesWithoutAToken++;
                    failures.admitted(victim, attacker, false); // the realm refused the guess
                }
                now.addAndGet(1_000_000L);
            }
            if (failures.admit(attackersOwn, attacker)) {
                failures.admitted(attackersOwn, attacker, true); // the attacker's own password, accepted
            }
        }
        // The account's limit is 3 in 15 minutes, and the guesses took 20 ms.
        assertFalse(guessesWithoutAToken > 3, guessesWithoutAToken + " guesses at alice went on without a token");
    }
}
