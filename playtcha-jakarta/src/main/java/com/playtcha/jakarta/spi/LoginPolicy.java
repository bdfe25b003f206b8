package com.playtcha.jakarta.spi;

import com.playtcha.jakarta.core.Decision;
import com.playtcha.jakarta.core.FailMode;
import com.playtcha.jakarta.core.Mode;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.Policy;
import com.playtcha.jakarta.core.Verification;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * SPI: whether a login attempt needs a token ({@code playtcha.login.require}), decided here alone, for every
 * login door (each door of the library, the Jakarta Security module's and the Spring Boot starter's make
 * one): with {@code always} every attempt is verified; with {@code after-failures} one goes on
 * without a token while the {@link LoginFailures} it was given count its account and its client below
 * their limits (and is counted in advance), else it needs a token. It answers a {@link LoginAttempt};
 * the web side verifies the token it asks for ({@link Request}) and renders the answer. Counts of
 * {@code null}: every attempt needs a token. A login that needs a token never goes on without Playtcha's
 * verdict for want of one under {@code after-failures}, and at most {@code login.account-failures} times per
 * account and window under {@code always} ({@link FailedOpenLogins}): docs/login.md, "When Playtcha cannot
 * answer". See design/login-path.md.
 */
public final class LoginPolicy {

    /**
     * The account of an attempt whose name the guard cannot read: it needs a token, its failures counted
     * against its client and the application. Compared by identity.
     */
    public static final String UNREADABLE = new String("(an account name the guard cannot read)");

    /** Request attribute, a list of {@link Counted}: the attempts of this request that went on. */
    private static final String COUNTED = "com.playtcha.internal.login-counted";

    private final Policy policy;
    private final AccountKey accounts;
    private final LoginFailures failures;
    private final boolean afterFailures;
    /** Under {@code always}: each account's failed-open logins; {@code null} under {@code after-failures}. */
    private final FailedOpenLogins failedOpen;
    /** The account key {@link #failedOpen} counts by; {@code null} under {@code after-failures}. */
    private final AccountKey failedOpenAccounts;

    /**
     * The policy of a guard with these settings (its mode, fail mode and reject status), counting on
     * {@code failures}: those held beside the guard's verifier, {@code null} when none are.
     */
    public LoginPolicy(PlaytchaSettings settings, LoginFailures failures) {
        this.policy = Policy.of(settings);
        this.accounts = settings.login().afterFailures() && failures != null
                ? AccountKey.of(settings.secret(), settings.login().foldNames()) : null;
        this.failures = accounts == null ? null : failures;
        this.afterFailures = settings.login().afterFailures();
        this.failedOpenAccounts = afterFailures ? null : AccountKey.of(settings.secret(), settings.login().foldNames());
        this.failedOpen = afterFailures ? null
                : new FailedOpenLogins(settings.login().accountFailures(), settings.login().failureWindow(), VerifierClock.SYSTEM);
    }

    /** The request of a login attempt as the policy reads it; each web adapter implements it over its own. */
    public interface Request {

        /** The client's address as the container saw it, or {@code null}. */
        String clientAddress();

        /** The request attribute {@code name}, or {@code null}. */
        Object attribute(String name);

        /** Sets the request attribute {@code name}. */
        void attribute(String name, Object value);

        /** The verification an earlier guard made of this request, decided under this guard's policy; {@code null} if none. */
        Verified earlier();

        /** Whether the request carries a token; asked only when there is no {@link #earlier} verification. */
        boolean carriesToken() throws IOException;

        /** The request's token verified by this guard's verifier under this guard's policy. */
        Verified verify() throws IOException;
    }

    /** A verification of the request and this guard's decision of it. */
    public interface Verified {
        Verification verification();

        Decision decision();
    }

    /** An attempt of this request that went on: its counts, its account's hash ({@code null}: none named), what it was found. */
    private record Counted(LoginFailures failures, byte[] account, LoginAttempt attempt) {
    }

    /**
     * Decides the attempt of {@code request} on {@code account} (as sent, {@code null}, or
     * {@link #UNREADABLE}; one over {@link AccountKey#MAX_NAME_LENGTH} is taken as unreadable), for a door
     * where several guards decide the one password check a post makes: a second call for an account this
     * request already went on for, on the same counts, gets the earlier attempt.
     */
    public LoginAttempt decide(Request request, String account) throws IOException {
        return decide(request, account, true);
    }

    /**
     * Decides one password check of its own on {@code account}, as {@link #decide} does but never as the
     * same attempt as another: each check a mechanism has a store make is counted. A token an earlier
     * guard or check verified on the request decides it again, never sent twice.
     */
    public LoginAttempt decideCheck(Request request, String account) throws IOException {
        return decide(request, account, false);
    }

    private LoginAttempt decide(Request request, String account, boolean sameAsBefore) throws IOException {
        if (failures == null) {
            Verified earlier = request.earlier();
            return boundedFailOpen(decided(earlier != null ? earlier : request.verify(), null, null), account);
        }
        boolean unreadable = account == UNREADABLE || account != null && account.length() > AccountKey.MAX_NAME_LENGTH;
        byte[] hash = unreadable ? null : accounts.hash(account);
        String client = request.clientAddress();
        LoginAttempt same = unreadable || !sameAsBefore ? null : sameAttempt(request, hash);
        if (same != null) {
            return same;
        }
        LoginAttempt attempt;
        Verified earlier = request.earlier();
        // A result an earlier filter or call left is decided again, as any guard does.
        if (earlier == null && !unreadable && failures.admit(hash, client)) {
            attempt = new LoginAttempt.Admitted(new LoginOutcome(failures, hash, client, true));
        } else if (earlier == null && !request.carriesToken()) {
            Decision refused = Decision.of(LoginAttempt.REQUIRED, policy);
            attempt = new LoginAttempt.NeedsToken(refused, refused.proceeds() ? new LoginOutcome(failures, hash, client, false) : null);
        } else {
            attempt = boundedFailOpen(decided(earlier != null ? earlier : request.verify(), hash, client), account);
        }
        if (attempt.outcome() != null && !unreadable && sameAsBefore) {
            List<Counted> now = new ArrayList<>(counted(request));
            now.add(new Counted(failures, hash, attempt));
            request.attribute(COUNTED, List.copyOf(now));
        }
        return attempt;
    }

    private LoginAttempt.Decided decided(Verified verified, byte[] hash, String client) {
        LoginOutcome outcome = failures != null && verified.decision().proceeds() ? new LoginOutcome(failures, hash, client, false) : null;
        return new LoginAttempt.Decided(verified.verification(), verified.decision(), outcome);
    }

    /**
     * A login that failed open, refused as failing closed would be (503, uncounted) under {@code after-failures},
     * where it needs a token because of failures, and under {@code always} once its account's failed-open logins
     * reached their limit; in observe mode, or with a verdict, as decided.
     */
    private LoginAttempt boundedFailOpen(LoginAttempt.Decided attempt, String account) {
        if (!attempt.decision().failedOpen() || policy.mode() == Mode.OBSERVE) {
            return attempt;
        }
        if (!afterFailures) {
            boolean unreadable = account == null || account == UNREADABLE || account.length() > AccountKey.MAX_NAME_LENGTH;
            if (failedOpen.admit(unreadable ? null : failedOpenAccounts.hash(account))) {
                return attempt;
            }
        }
        if (attempt.outcome() != null) {
            attempt.outcome().unchecked(); // no password is checked: nothing to count
        }
        Decision closed = Decision.of(attempt.verification().result(), FailMode.CLOSED, policy.mode(), policy.rejectStatus());
        return new LoginAttempt.Decided(attempt.verification(), closed, null);
    }

    /** The attempt this request already went on with for this account on these counts, or {@code null}. */
    private LoginAttempt sameAttempt(Request request, byte[] hash) {
        List<Counted> counted = counted(request);
        for (Counted before : counted) {
            if (before.failures() == failures && Arrays.equals(before.account(), hash)) {
                return before.attempt();
            }
        }
        if (hash != null && counted.size() != (counted = namedNow(counted)).size()) {
            request.attribute(COUNTED, List.copyOf(counted));
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static List<Counted> counted(Request request) {
        return request.attribute(COUNTED) instanceof List<?> earlier ? (List<Counted>) earlier : List.of();
    }

    /** {@code counted} without the attempts for no account on these counts, each given back what it counted. */
    private List<Counted> namedNow(List<Counted> counted) {
        List<Counted> left = new ArrayList<>(counted.size());
        for (Counted before : counted) {
            if (before.failures() == failures && before.account() == null) {
                before.attempt().outcome().unchecked();
            } else {
                left.add(before);
            }
        }
        return left;
    }

    /** Whether an attempt on {@code account} ({@code null}: none) from {@code client} would need a token now. */
    public boolean needsToken(String account, String client) {
        return failures == null || failures.needsToken(accounts.hash(account), client);
    }
}
