package com.playtcha.jakarta.internal.budget;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Review of issue 39's counts: account names are folded (NFKC, strip, case) so that "Alice" and
 * "ALICE" are one count, and a success deletes that count. docs/login.md says a realm that tells those
 * names apart "only sees a token asked a little sooner". But there a success of the other name is a
 * success of another account: an attacker who owns {@code ALICE} (or {@code ａｌｉｃｅ}, {@code alice }) on a
 * case- or width-sensitive realm logs into it between guesses and so clears the victim's count.
 */
class LoginFailuresReviewTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final AccountKey accounts = AccountKey.of("sk_test_login");

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
