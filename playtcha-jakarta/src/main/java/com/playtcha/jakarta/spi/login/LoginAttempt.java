package com.playtcha.jakarta.spi.login;

import com.playtcha.jakarta.core.Decision;
import com.playtcha.jakarta.core.Verification;
import com.playtcha.jakarta.core.VerificationResult;

/**
 * SPI: what {@link LoginPolicy} found one login attempt to be, read by every login door (the library's,
 * the Jakarta Security module's, the Spring Boot starter's): {@link Admitted} (no token needed),
 * {@link NeedsToken} (one is needed and the request carries none) or {@link Decided} (a verified token
 * decided it). The web side renders it; an attempt that goes on carries the {@link LoginOutcome} to tell
 * once its password check ended ({@code null}: nothing is counted). See design/login-path.md.
 */
public sealed interface LoginAttempt extends LoginPolicy.Step {

    /** The code of a login refused because it needs a token and carries none. */
    String TOKEN_REQUIRED = "token_required";

    /** The result of a {@link NeedsToken}: a local refusal, which no verifier made and no listener hears. */
    VerificationResult.Rejected REQUIRED = VerificationResult.Rejected.local(TOKEN_REQUIRED,
            "this login needs a token (playtcha.login.require=after-failures) and carries none");

    /** What to tell once the password check ended, or {@code null}: nothing is counted. */
    LoginOutcome outcome();

    /** This guard's decision of the attempt; {@code null} for one admitted without a token. */
    Decision decision();

    /** What the attempt was decided on: the verification's result, {@link #REQUIRED}; {@code null} for one admitted. */
    default VerificationResult result() {
        return this instanceof Decided decided ? decided.verification().result() : this instanceof NeedsToken ? REQUIRED : null;
    }

    /** Whether the attempt goes on to the password check: an admitted one does, another as its decision says. */
    default boolean proceeds() {
        return decision() == null || decision().proceeds();
    }

    /** Whether the attempt needed a token (all but an admitted one): what the page and {@code Playtcha-Login-Needs-Token} say. */
    default boolean needsToken() {
        return !(this instanceof Admitted);
    }

    /**
     * Whether a retry with the same token would be refused ({@link Verification#tokenSpent(Decision)}); never
     * when no token was looked at.
     */
    default boolean tokenSpent() {
        return this instanceof Decided decided && decided.verification().tokenSpent(decided.decision());
    }

    /**
     * Went on without a token, its counts below every limit; counted as a failure of its account and client in advance,
     * which its {@code outcome} gives back unless the check failed; {@code tokenSpent} as {@link NeedsToken}'s.
     */
    record Admitted(LoginOutcome outcome, boolean tokenSpent) implements LoginAttempt {
        @Override
        public Decision decision() {
            return null;
        }
    }

    /**
     * Needed a token and carries none (or only one that covers another credential of its request, or it was made with no request
     * at all): refused {@value #TOKEN_REQUIRED} under {@code decision} (the status of a missing token; observe mode lets it on, with
     * an {@code outcome}), Playtcha not asked for it; {@code tokenSpent} when its request's token went to that other credential.
     */
    record NeedsToken(Decision decision, LoginOutcome outcome, boolean tokenSpent) implements LoginAttempt { }

    /**
     * Needed a token (or every attempt does, {@code login.require=always}): the request's
     * {@code verification} (this guard's call, or an earlier guard's on the same request) and this
     * guard's {@code decision} of it; an {@code outcome} when it goes on.
     */
    record Decided(Verification verification, Decision decision, LoginOutcome outcome) implements LoginAttempt { }
}
