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
 * login guard, a PlaytchaFilter that a login post reaches, and {@code @PlaytchaLogin}.
 *
 * <ul>
 *   <li>{@code always}: every attempt is decided by {@link WebGuard#decide(GuardedRequest)}, as before
 *       this policy existed.</li>
 *   <li>{@code after-failures}: an attempt needs a token when the verifier's {@link LoginFailures} say so
 *       for its account (the name's keyed hash, {@link AccountKey}) and its client. One that needs none
 *       goes on without Playtcha being asked: a token sent anyway is neither posted nor spent
 *       ({@code Playtcha-Token-Spent: false}), so the user may still use it on the next try. One that
 *       needs a token and carries none is refused {@value #TOKEN_REQUIRED}, Playtcha and the realm not
 *       asked. Every attempt that goes on gets an {@link Attempt#outcome() outcome} to report: a failure
 *       counts against the account, the client and the application, a success forgets the account's.
 *       One that goes on without a token is counted as a failure of its account and client as it goes
 *       ({@link LoginFailures#admit}), so that a thousand sent at once are not all let through below
 *       the limit before the first is counted.</li>
 * </ul>
 * A verifier that counts nothing (an application's own stub) asks every attempt for a token. Nothing
 * here depends on whether an account exists: an unknown name is counted as a known one is.
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
     * The account of an attempt that may name one where the guard does not read it (a multipart body,
     * which reading would consume; a body in a charset this JVM does not know): such an attempt needs a
     * token, its failures counted against its client and the application. Not one fixed account for all
     * of them: a success would clear that count, so an attacker logging into an account of their own
     * between guesses would reset it. Compared by identity, so no name a client sends is taken for it.
     */
    public static final String UNREADABLE = new String("(an account name the guard cannot read)");

    static final VerificationResult.Rejected REQUIRED = VerificationResult.Rejected.local(TOKEN_REQUIRED,
            "this login needs a token (playtcha.login.require=after-failures) and carries none");
    /**
     * Request attribute, a list of {@link Counted}: the attempts of this request that went on, so that a
     * later call for the same account on the same counts is not counted twice.
     */
    private static final String COUNTED = "com.playtcha.internal.login-counted";
    private static final System.Logger LOG = System.getLogger(LoginPolicy.class.getName());

    private final AccountKey accounts;
    private final WebGuard guard;
    private final Supplier<LoginFailures> failures;

    /**
     * @param guard    the web guard of the filter (or interceptor) whose settings these are
     * @param failures the counts of the verifier that guard verifies with ({@link #countsOf}), asked for only
     *                 when an attempt is decided; {@code null} from it: nothing is counted, every attempt needs
     *                 a token
     */
    public LoginPolicy(PlaytchaSettings settings, WebGuard guard, Supplier<LoginFailures> failures) {
        this.accounts = settings.login().afterFailures() ? AccountKey.of(settings.secret(), settings.login().foldNames()) : null;
        this.guard = guard;
        this.failures = failures;
    }

    /**
     * The counts of the verifier {@code verifier} gives: those the library's verifier keeps
     * ({@link LoginFailures.Keeper}); {@code null} for any other (an application's stub, a decorator).
     * Give it the instance, not a container's client proxy of it: a proxy shows no more than
     * {@link PlaytchaVerifier}.
     */
    public static Supplier<LoginFailures> countsOf(Supplier<? extends PlaytchaVerifier> verifier) {
        return () -> verifier.get() instanceof LoginFailures.Keeper keeper ? keeper.loginFailures() : null;
    }

    /**
     * What one login attempt was found: whether it goes on to the password check, what the page and the
     * headers are told, and where the realm's answer is to be reported. Its attributes are on the request.
     */
    public sealed interface Attempt {

        /**
         * What the realm's answer is to be reported to (once), or {@code null} when nothing is counted (a
         * refusal, or {@code login.require=always}).
         */
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

        /**
         * Went on without a token, its counts below every limit: Playtcha not asked, a token sent anyway
         * neither posted nor spent; counted as a failure in advance ({@link LoginFailures#admit}).
         */
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
     * Decides the login attempt {@code request}: each call on its own account, however many a request
     * makes (a runtime's own call, then application code's {@code SecurityContext.authenticate}). A call
     * for an account this request already went on for, on the same counts, is that same attempt: it gets
     * the earlier {@link Attempt} (one count, one outcome) and is not counted again.
     *
     * @param account the account name the attempt gives, as sent; {@code null} when it gives none; or
     *                {@link #UNREADABLE}; one longer than {@link AccountKey#MAX_NAME_LENGTH} is taken as
     *                {@link #UNREADABLE}, neither normalized nor hashed
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
        // A result an earlier filter or call left is decided again, as any guard does, without asking
        // Playtcha twice: the token proved that a person sent this request, whichever account it names.
        if (request.attribute(DecisionAttributes.RESULT) == null && !unreadable && failures.admit(hash, client)) {
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

    /**
     * One attempt, one count: the attempt a guard before this one (a PlaytchaFilter on the same post) or an
     * earlier call of this guard in the same request went on with, for the very same account on the very
     * same counts, stands for this call, outcome and all; {@code null} when there is none, and any other
     * account is decided on its own. A call naming an account first gives back those that went on for
     * none ({@link #namedNow}).
     */
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

    /**
     * {@code counted} without the attempts that went on for no account on {@code failures}, each told it
     * checked nothing (what it counted in advance given back, once): a later call of this request names the
     * account after all (the runtime's own call, then {@code SecurityContext.authenticate}), and is counted
     * as that one attempt, so a JSON login counts its client once, not twice.
     */
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

    /**
     * Whether an attempt on {@code account} ({@code null}: the client and the application alone) from
     * {@code client} would need a token now: for the login page.
     */
    public boolean needsToken(String account, String client) {
        LoginFailures failures = accounts == null ? null : this.failures.get();
        return failures == null || failures.needsToken(accounts.hash(account), client);
    }

    /**
     * What counts the realm's answer, once; never throws, so a hook can call it anywhere.
     *
     * @param admitted whether the attempt went on without a token, counted as a failure in advance
     *                 ({@link LoginFailures#admit})
     */
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
