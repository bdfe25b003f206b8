package com.playtcha.jakarta.internal.web;

import com.playtcha.jakarta.core.DecisionAttributes;
import com.playtcha.jakarta.core.PlaytchaSettings;
import com.playtcha.jakarta.core.PlaytchaVerifier;
import com.playtcha.jakarta.core.VerificationResult;
import com.playtcha.jakarta.internal.budget.AccountKey;
import com.playtcha.jakarta.internal.budget.LoginFailures;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Whether a login attempt needs a token ({@code playtcha.login.require}), decided here alone for the
 * login guard, a PlaytchaFilter that a login post reaches, and {@code @PlaytchaLogin}: with
 * {@code always} every attempt is decided by the {@link WebGuard}; with {@code after-failures} when the
 * verifier's {@link LoginFailures} say so for its account and client, and an attempt that needs none
 * goes on unverified, its token unspent. Every attempt that goes on gets an outcome to report. A
 * verifier that counts nothing asks every attempt for a token. See design/web.md.
 */
public final class LoginPolicy {

    /** The code of a login refused because it needs a token and carries none. */
    public static final String TOKEN_REQUIRED = "token_required";
    /** Request attribute, a Boolean: whether the login page should show the widget. */
    public static final String NEEDS_TOKEN_ATTRIBUTE = "com.playtcha.login-needs-token";
    /** Request attribute that answers the same as the EL name {@code playtcha.loginNeedsToken}. */
    public static final String EL_NAME = "playtcha";
    /** Response header on every guarded login post: {@code true} or {@code false}. */
    public static final String NEEDS_TOKEN_HEADER = "Playtcha-Login-Needs-Token";

    /**
     * The account of an attempt whose name the guard cannot read: it needs a token, its failures counted
     * against its client and the application. Compared by identity.
     */
    public static final String UNREADABLE = new String("(an account name the guard cannot read)");

    static final VerificationResult.Rejected REQUIRED = VerificationResult.Rejected.local(TOKEN_REQUIRED,
            "this login needs a token (playtcha.login.require=after-failures) and carries none");
    /** Request attribute, a list of {@link Counted}: the attempts of this request that went on. */
    private static final String COUNTED = "com.playtcha.internal.login-counted";
    private static final System.Logger LOG = System.getLogger(LoginPolicy.class.getName());

    private final AccountKey accounts;
    private final WebGuard guard;
    private final Supplier<LoginFailures> failures;

    /** {@code failures} ({@link #countsOf}) is asked for per attempt; {@code null} from it: every attempt needs a token. */
    public LoginPolicy(PlaytchaSettings settings, WebGuard guard, Supplier<LoginFailures> failures) {
        this.accounts = settings.login().afterFailures() ? AccountKey.of(settings.secret(), settings.login().foldNames()) : null;
        this.guard = guard;
        this.failures = failures;
    }

    /**
     * The counts the library's verifier keeps ({@link LoginFailures.Keeper}), {@code null} for any other;
     * give it the instance, not a container's client proxy of it.
     */
    public static Supplier<LoginFailures> countsOf(Supplier<? extends PlaytchaVerifier> verifier) {
        return () -> verifier.get() instanceof LoginFailures.Keeper keeper ? keeper.loginFailures() : null;
    }

    /** What one login attempt was found; its attributes are on the request. */
    public sealed interface Attempt {

        /** What the realm's answer is to be reported to (once), or {@code null}: nothing is counted. */
        Consumer<Boolean> outcome();

        /** Whether the attempt goes on to the password check. */
        default boolean proceeds() {
            return !(this instanceof Refused);
        }

        /** Whether the attempt needed a token: the page's and the header's answer. */
        default boolean needsToken() {
            return !(this instanceof Admitted);
        }

        /** Whether a retry with the same token would be refused: {@value WebDecision#TOKEN_SPENT_HEADER}. */
        default boolean tokenSpent() {
            return this instanceof Verified verified ? verified.decision().tokenSpent()
                    : this instanceof Refused refused && refused.decision().tokenSpent();
        }

        /** The line to log at INFO when observe mode let through what enforce would have refused, or {@code null}. */
        default String observeNote() {
            return this instanceof Verified verified ? verified.decision().observeNote() : null;
        }

        /** Went on without a token, its counts below every limit; counted as a failure in advance. */
        record Admitted(Consumer<Boolean> outcome) implements Attempt {
        }

        /** Needed a token and went on: the web guard's decision let it (a verified token, fail-open, observe mode). */
        record Verified(WebDecision decision, Consumer<Boolean> outcome) implements Attempt {
        }

        /** Needed a token and was refused, the realm not asked: answered with {@link #rejection()}. */
        record Refused(WebDecision decision) implements Attempt {
            @Override
            public Consumer<Boolean> outcome() {
                return null;
            }

            /** The answer: the decision's, telling the page that the next attempt needs a token. */
            public Rejection rejection() {
                return decision.rejection().toLogin(true);
            }
        }
    }

    /** An attempt of this request that went on: its counts, its account's hash ({@code null}: none named), what it was found. */
    private record Counted(LoginFailures failures, byte[] account, Attempt attempt) {
    }

    /**
     * Decides the login attempt {@code request} on {@code account} (as sent, {@code null}, or
     * {@link #UNREADABLE}; one over {@link AccountKey#MAX_NAME_LENGTH} is taken as unreadable); a call
     * for an account this request already went on for, on the same counts, gets the earlier attempt.
     */
    public Attempt decide(GuardedRequest request, String account) throws IOException {
        LoginFailures failures = accounts == null ? null : this.failures.get();
        if (failures == null) {
            return decided(guard.decide(request), null);
        }
        boolean unreadable = account == UNREADABLE || account != null && account.length() > AccountKey.MAX_NAME_LENGTH;
        byte[] hash = unreadable ? null : accounts.hash(account);
        String client = request.clientAddress();
        Attempt same = unreadable ? null : sameAttempt(request, failures, hash);
        if (same != null) {
            return same;
        }
        Attempt attempt;
        // A result an earlier filter or call left is decided again, as any guard does.
        if (request.attribute(WebGuard.VERIFICATION) == null && !unreadable && failures.admit(hash, client)) {
            request.attribute(DecisionAttributes.TOKEN_SPENT, false);
            attempt = new Attempt.Admitted(outcome(failures, hash, client, true));
        } else {
            WebDecision decided = guard.decide(request, true);
            attempt = decided(decided, decided.proceeds() ? outcome(failures, hash, client, false) : null);
        }
        if (attempt.outcome() != null && !unreadable) {
            List<Counted> now = new ArrayList<>(counted(request));
            now.add(new Counted(failures, hash, attempt));
            request.attribute(COUNTED, List.copyOf(now));
        }
        return attempt;
    }

    private static Attempt decided(WebDecision decided, Consumer<Boolean> outcome) {
        return decided.proceeds() ? new Attempt.Verified(decided, outcome) : new Attempt.Refused(decided);
    }

    /** The attempt this request already went on with for this account on these counts, or {@code null}. */
    private static Attempt sameAttempt(GuardedRequest request, LoginFailures failures, byte[] hash) {
        List<Counted> counted = counted(request);
        for (Counted before : counted) {
            if (before.failures() == failures && Arrays.equals(before.account(), hash)) {
                return before.attempt();
            }
        }
        if (hash != null && counted.size() != (counted = namedNow(counted, failures)).size()) {
            request.attribute(COUNTED, List.copyOf(counted));
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static List<Counted> counted(GuardedRequest request) {
        return request.attribute(COUNTED) instanceof List<?> earlier ? (List<Counted>) earlier : List.of();
    }

    /** {@code counted} without the attempts for no account on {@code failures}, each given back what it counted. */
    private static List<Counted> namedNow(List<Counted> counted, LoginFailures failures) {
        List<Counted> left = new ArrayList<>(counted.size());
        for (Counted before : counted) {
            if (before.failures() == failures && before.account() == null) {
                before.attempt().outcome().accept(true);
            } else {
                left.add(before);
            }
        }
        return left;
    }

    /** Whether an attempt on {@code account} ({@code null}: none) from {@code client} would need a token now. */
    public boolean needsToken(String account, String client) {
        LoginFailures failures = accounts == null ? null : this.failures.get();
        return failures == null || failures.needsToken(accounts.hash(account), client);
    }

    /** What counts the realm's answer, once; never throws. {@code admitted}: counted as a failure in advance. */
    private static Consumer<Boolean> outcome(LoginFailures failures, byte[] account, String client, boolean admitted) {
        AtomicBoolean told = new AtomicBoolean();
        return accepted -> {
            if (accepted == null || !told.compareAndSet(false, true)) {
                return;
            }
            try {
                if (admitted) {
                    failures.admitted(account, client, accepted);
                } else if (accepted) {
                    failures.succeeded(account);
                } else {
                    failures.failed(account, client);
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "A login''s outcome could not be counted [{0}]", e.toString());
            }
        };
    }
}
