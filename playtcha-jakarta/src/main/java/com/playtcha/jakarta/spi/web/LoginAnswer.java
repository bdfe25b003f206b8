package com.playtcha.jakarta.spi.web;

import com.playtcha.jakarta.spi.login.LoginAttempt;
import com.playtcha.jakarta.spi.login.LoginOutcome;

/**
 * SPI: what to do with one login attempt, as {@link WebLogin} decides it in one call for every door (the
 * library's login guard, the Jakarta Security module's {@code @PlaytchaLogin}, the Spring Boot starter's
 * login): go on to the password check, or answer the {@code refusal} (its status and headers,
 * {@code Playtcha-Login-Needs-Token: true} and {@code Playtcha-Token-Spent} among them, and for a client that
 * prefers JSON the envelope with {@code login_needs_token}). A door only carries it out in its container's
 * terms: a forward to the form-error page, an {@code AuthenticationStatus}, an exception; what it tells the
 * client and the page, {@link LoginRenderer} writes. See design/login-path.md.
 *
 * @param attempt     what the login policy found the attempt to be; whether its token is spent
 * @param refusal     the answer to a refused attempt, {@code null} when it goes on
 * @param observeNote what the door logs where observe mode let on what enforce would refuse, else {@code null}
 * @param needsToken  whether an attempt of the request needed a token: what the page is told
 * @param outcome     what to tell once the password check ended, {@code null}: nothing is counted
 */
public record LoginAnswer(LoginAttempt attempt, Rejection refusal, ObserveNote observeNote, boolean needsToken,
        LoginOutcome outcome) implements WebLogin.Step {

    /**
     * This answer to a request that {@code earlier} answered before ({@code null}: nothing did), under another
     * guard or for another check of the same call: a token was needed if either needed one, and the outcome is
     * the first one counted (a post that several guards decide is counted once).
     */
    public LoginAnswer after(LoginAnswer earlier) {
        return earlier == null ? this : new LoginAnswer(attempt, refusal, observeNote, needsToken || earlier.needsToken,
                earlier.outcome != null ? earlier.outcome : outcome);
    }

    /** Whether the attempt goes on to the password check. */
    public boolean proceeds() {
        return refusal == null;
    }
}
