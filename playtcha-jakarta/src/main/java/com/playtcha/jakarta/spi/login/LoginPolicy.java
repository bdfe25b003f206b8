package com.playtcha.jakarta.spi.login;

import com.playtcha.jakarta.core.Decision;
import com.playtcha.jakarta.core.FailMode;
import com.playtcha.jakarta.core.Mode;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.Policy;
import com.playtcha.jakarta.core.Verification;
import com.playtcha.jakarta.spi.store.AccountKey;
import com.playtcha.jakarta.spi.store.LoginFailures;
import com.playtcha.jakarta.spi.login.LoginMemo.Credential;
import java.io.IOException;
import java.util.function.Function;

/**
 * SPI: whether a login attempt needs a token ({@code playtcha.login.require}), decided here alone, for every
 * login door (each door of the library, the Jakarta Security module's and the Spring Boot starter's make
 * one): with {@code always} every attempt is verified; with {@code after-failures} one goes on
 * without a token while the {@link LoginFailures} it was given count its account and its client below
 * their limits (and is counted in advance), else it needs a token. It answers a {@link LoginAttempt};
 * the web side verifies the token it asks for ({@link Request}) and renders the answer. Counts of
 * {@code null}: every attempt needs a token. A door names the account as a {@link LoginAccount} and hands
 * each decision of a request that request's {@link LoginMemo}; a token verified for a request covers the one
 * credential it was sent with ({@link #decideCheck(Request, LoginMemo, LoginAccount, CharSequence)}); a check
 * with no request is decided by {@link #decideOutside}.
 *
 * <p>A login never goes on without Playtcha's verdict where it needs a token because of failures: under
 * {@code after-failures} its token is verified failing closed (nothing fails open, nothing reaches the
 * fail-open ledger; an outage answers 503). Under {@code always} a login that may fail open is counted in
 * advance on the same counts, as an {@code after-failures} attempt is (given back when Playtcha answered, or
 * when the password was right), and one whose account or client is at its limit is verified failing closed:
 * docs/login.md, "When Playtcha cannot answer". See design/login-path.md.
 */
public final class LoginPolicy {

    private final Policy policy;
    private final AccountKey accounts;
    private final LoginFailures failures;
    /**
     * Under {@code always}: the counts held beside the verifier, which bound an account's (and a client's)
     * logins that go on without a verdict; {@code null} under {@code after-failures}, or when none are held
     * (then no login fails open).
     */
    private final LoginFailures failOpenCounts;
    /** {@code playtcha.login.outside-requests}: a check with no request may go on under {@code always}, counted. */
    private final boolean outsideRequests;
    private final boolean afterFailures;

    /**
     * The policy of a guard with these settings (its mode, fail mode and reject status), counting on
     * {@code failures}: those held beside the guard's verifier, {@code null} when none are.
     */
    public LoginPolicy(PlaytchaSettings settings, LoginFailures failures) {
        this.policy = Policy.of(settings);
        this.afterFailures = settings.login().afterFailures();
        this.accounts = failures == null ? null : AccountKey.of(settings.secret(), settings.login().foldNames());
        this.failures = afterFailures ? failures : null;
        this.failOpenCounts = afterFailures ? null : failures;
        this.outsideRequests = settings.login().outsideRequests();
    }

    /** The request of a login attempt as the policy reads it; each web adapter implements it over its own. */
    public interface Request {

        /** The client's address as the container saw it, or {@code null}. */
        String clientAddress();

        /**
         * The verification an earlier guard made of this request, decided under this guard's policy (failing closed
         * when {@code failClosed}); {@code null} if none.
         */
        Verified earlier(boolean failClosed);

        /** Whether the request carries a token; asked only when there is no {@link #earlier} verification. */
        boolean carriesToken() throws IOException;

        /**
         * The request's token verified by this guard's verifier under this guard's policy, failing closed when
         * {@code failClosed}: then an unavailable Playtcha refuses it (503) and nothing is recorded as failed open.
         */
        Verified verify(boolean failClosed) throws IOException;
    }

    /** A verification of the request and this guard's decision of it. */
    public record Verified(Verification verification, Decision decision) {
    }

    /**
     * Decides the attempt of {@code request} on {@code account}, for a door where several guards decide the
     * one password check a post makes: a second call for an account this request already went on for, on the
     * same counts, gets the earlier attempt, kept in the request's {@code memo}.
     */
    public LoginAttempt decide(Request request, LoginMemo memo, LoginAccount account) throws IOException {
        return verifiedBy(request, decide(request, memo, new Credential(account, null, true), true));
    }

    /**
     * Decides one password check of its own on {@code account}, from the request before the door has read
     * the credential (a mechanism's call): as {@link #decideCheck(Request, LoginMemo, LoginAccount, CharSequence)},
     * but a token it verifies stays for the first credential a check reads after it ({@link LoginMemo#checking}).
     */
    public LoginAttempt decideCheck(Request request, LoginMemo memo, LoginAccount account) throws IOException {
        return verifiedBy(request, decide(request, memo, new Credential(account, null, true), false));
    }

    /**
     * Decides one password check of its own on {@code account} with {@code password} ({@code null}: one the
     * door cannot read), as {@link #decide} does but never as the same attempt as another: each check a
     * mechanism has a store make is counted. A token verified on the request covers the checks of one
     * credential, the first one read: a later check of the same account and password (another store asked
     * the same) is decided by it again, never sent twice; a check of another credential in the same request
     * (a batch endpoint's second password; any second check whose password the door cannot read) is decided
     * as if the request carried no token. The request's {@code memo} keeps the password only as a keyed digest.
     */
    public LoginAttempt decideCheck(Request request, LoginMemo memo, LoginAccount account, CharSequence password) throws IOException {
        return verifiedBy(request, checkStep(request, memo, account, password));
    }

    /**
     * {@link #decideCheck(Request, LoginMemo, LoginAccount, CharSequence)} up to its one verify, for a door whose verify
     * does not block (WebFlux): the attempt, or the verify to make ({@link Request#verify} is never called) and the rest.
     */
    public Step checkStep(Request request, LoginMemo memo, LoginAccount account, CharSequence password) throws IOException {
        return decide(request, memo, Credential.of(account, password), false);
    }

    /** A decision up to its one verify: the {@link LoginAttempt}, or a {@link Verify} and what follows it. */
    public sealed interface Step permits LoginAttempt, Verify {
    }

    /** The request's token to be verified under this guard's policy, failing closed when {@code failClosed}; {@code then} decides on it. */
    public record Verify(boolean failClosed, Function<Verified, LoginAttempt> then) implements Step {
    }

    /** {@code step} carried out with the request's own verify ({@link Request#verify}). */
    private static LoginAttempt verifiedBy(Request request, Step step) throws IOException {
        return step instanceof Verify verify ? verify.then().apply(request.verify(verify.failClosed())) : (LoginAttempt) step;
    }

    /**
     * Decides a password check on {@code account} made with no web request (another thread, a filter before
     * the request is bound): no token can come with it. A named account goes on while its own count (and the
     * application's) is below its limit, counted in advance, as an attempt that needs no token is; anything else
     * (an account at its limit, one the guard cannot read, no counts held) is refused. Under {@code always} that
     * holds only where the application checks passwords outside requests on purpose
     * ({@code playtcha.login.outside-requests}); without it every such check is refused.
     */
    public LoginAttempt decideOutside(LoginAccount account) {
        Decision refused = Decision.of(LoginAttempt.REQUIRED, policy);
        LoginFailures counts = afterFailures ? failures : outsideRequests ? failOpenCounts : null;
        byte[] hash = counts != null && account instanceof LoginAccount.Named named ? accounts.hash(named.name()) : null;
        if (hash != null && counts.admit(hash, null)) {
            return new LoginAttempt.Admitted(new LoginOutcome(counts, hash, null, true), false);
        }
        if (!afterFailures) {
            return new LoginAttempt.NeedsToken(refused, null, false);
        }
        LoginOutcome observed = refused.proceeds() && hash != null ? new LoginOutcome(failures, hash, null, false) : null;
        return new LoginAttempt.NeedsToken(refused, observed, false);
    }

    private Step decide(Request request, LoginMemo memo, Credential check, boolean sameAsBefore) throws IOException {
        Verified earlier = request.earlier(afterFailures);
        // The doors that share one post's decision (decide) check one credential: only a check of its own may be another's.
        boolean spent = earlier != null && !sameAsBefore && !memo.covers(check);
        boolean tokenGone = spent && earlier.verification().tokenSpent(earlier.decision()); // the page resets its widget
        if (failures == null && spent) {
            return new LoginAttempt.NeedsToken(Decision.of(LoginAttempt.REQUIRED, policy), null, tokenGone);
        } else if (failures == null) {
            return afterFailures ? verified(memo, earlier, check, true, verified -> decided(verified, null, null))
                    : always(request, memo, earlier, check, sameAsBefore);
        }
        LoginAccount account = check.account();
        boolean unreadable = account == LoginAccount.Unnamed.UNREADABLE;
        byte[] hash = account instanceof LoginAccount.Named named ? accounts.hash(named.name()) : null;
        String client = request.clientAddress();
        LoginAttempt same = unreadable || !sameAsBefore ? null : memo.sameAttempt(failures, hash);
        if (same != null) {
            return same;
        }
        Function<LoginAttempt, LoginAttempt> kept = !unreadable && sameAsBefore ? a -> memo.remember(failures, hash, a) : a -> a;
        // A result an earlier filter or call left is decided again, as any guard does, for the credential it covers.
        if ((earlier == null || spent) && !unreadable && failures.admit(hash, client)) {
            return kept.apply(new LoginAttempt.Admitted(new LoginOutcome(failures, hash, client, true), tokenGone));
        } else if (spent || earlier == null && !request.carriesToken()) {
            Decision refused = Decision.of(LoginAttempt.REQUIRED, policy);
            return kept.apply(new LoginAttempt.NeedsToken(refused,
                    refused.proceeds() ? new LoginOutcome(failures, hash, client, false) : null, tokenGone));
        }
        return verified(memo, earlier, check, true, verified -> kept.apply(decided(verified, hash, client)));
    }

    /**
     * Under {@code always}: a login that may go on without a verdict (enforce mode, a named account, counts
     * held) is counted in advance on its account and client before its token is posted; at their limit, or
     * with no account to count, the token is verified failing closed. A verdict gives the advance back at
     * once; a failed-open login keeps it until the door tells its password check ({@link LoginOutcome}).
     */
    private Step always(Request request, LoginMemo memo, Verified earlier, Credential check, boolean sameAsBefore) {
        if (policy.mode() == Mode.OBSERVE || earlier != null && !earlier.decision().failedOpen()) {
            return verified(memo, earlier, check, false, verified -> decided(verified, null, null));
        }
        byte[] hash = failOpenCounts != null && check.account() instanceof LoginAccount.Named named ? accounts.hash(named.name()) : null;
        LoginAttempt same = hash != null && sameAsBefore ? memo.sameAttempt(failOpenCounts, hash) : null;
        if (same != null) {
            return same;
        }
        String client = request.clientAddress();
        boolean counted = hash != null && failOpenCounts.admit(hash, client);
        return verified(memo, earlier, check, !counted, verified -> {
            LoginAttempt attempt;
            if (counted && verified.decision().failedOpen()) {
                LoginOutcome outcome = new LoginOutcome(failOpenCounts, hash, client, true);
                attempt = new LoginAttempt.Decided(verified.verification(), verified.decision(), outcome);
            } else {
                if (counted) {
                    failOpenCounts.admitted(hash, client, true); // Playtcha answered: the advance is given back
                }
                attempt = decided(verified.decision().failedOpen() ? failingClosed(verified) : verified, null, null);
            }
            return sameAsBefore && hash != null ? memo.remember(failOpenCounts, hash, attempt) : attempt;
        });
    }

    /** A verification another guard let on without a verdict, decided again as failing closed would (503). */
    private Verified failingClosed(Verified failedOpen) {
        Verification verification = failedOpen.verification();
        return new Verified(verification, Decision.of(verification.result(), FailMode.CLOSED, policy.mode(), policy.rejectStatus()));
    }

    /**
     * {@code then} on {@code earlier}, else on the request's token verified (failing closed when {@code failClosed}), which
     * covers {@code check}'s credential from then on.
     */
    private static Step verified(LoginMemo memo, Verified earlier, Credential check, boolean failClosed,
            Function<Verified, LoginAttempt> then) {
        if (earlier != null) {
            return then.apply(earlier);
        }
        return new Verify(failClosed, now -> {
            memo.verified(check);
            return then.apply(now);
        });
    }

    private LoginAttempt decided(Verified verified, byte[] hash, String client) {
        LoginOutcome outcome = failures != null && verified.decision().proceeds() ? new LoginOutcome(failures, hash, client, false) : null;
        return new LoginAttempt.Decided(verified.verification(), verified.decision(), outcome);
    }

    /** Whether an attempt on {@code account} ({@code null}: none) from {@code client} would need a token now. */
    public boolean needsToken(String account, String client) {
        return failures == null || failures.needsToken(accounts.hash(account), client);
    }
}
