package com.playtcha.jakarta.spring.security;

import com.playtcha.jakarta.spi.login.LoginAccount;
import com.playtcha.jakarta.spi.login.LoginAttempt;
import com.playtcha.jakarta.spi.login.LoginOutcome;
import com.playtcha.jakarta.spi.web.LoginAnswer;
import java.lang.ref.WeakReference;
import java.util.function.Supplier;
import org.springframework.security.authentication.AccountStatusException;
import org.springframework.security.authentication.ProviderNotFoundException;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * One password check as it runs on a thread, from the guarded part that decided it to the end of that
 * part's call: the parts called inside it decide nothing again and record what they met (a password an
 * encoder judged wrong, an answer a known part gave without judging one, a guarded manager called inside
 * another), and the check's {@code LoginOutcome} is told what that adds up to, not what the type of the
 * exception coming out suggests. A success is a success; an exception is a failure unless the part that
 * answered is of a known shape whose answer says nothing of the password and nothing failed inside since
 * it began ({@link Part}). A call with a token that carries no password runs in a frame of its own that
 * decides and counts nothing, so that a secret it has an encoder judge (an authorization server's client
 * secret) is not taken for a password. An account the store returns under another spelling is counted too
 * ({@link #found}). Also the account a user store last looked up on this thread, which names a judgment no guarded
 * call decided. The rules: design/login-guard.md, 15.2 and 17.
 */
final class CheckFrame {

    private static final ThreadLocal<CheckFrame> CURRENT = new ThreadLocal<>();
    private static final ThreadLocal<Lookup> LOOKUP = new ThreadLocal<>();

    /** What was counted in advance or decided for the check, to be told once; {@code null}: nothing counted. */
    private final LoginOutcome outcome;
    /** Passwords judged wrong inside the check, and answers of parts whose answers may hide one. */
    private int failures;
    /** Guarded manager calls made inside the check so far (a manager's parent among them). */
    private int managers;
    /** The last answer a part of known shape gave without judging a password, or {@code null}. */
    private RuntimeException notJudged;
    /** A call with a token that carries no password: what it judges (a client's secret) is neither decided nor counted. */
    private final boolean passwordless;
    /** The account the check was decided on, as typed; {@code null} where none was (a judgment decided where it judged). */
    private final LoginAccount account;
    /** Whether the check went on without a token (admitted on its counts), so that an alias's counts may still ask for one. */
    private final boolean tokenless;
    /** The account the store returned, where it is another than the one typed (an alias), counted on too; or {@code null}. */
    private LoginOutcome alias;
    /** Refused here, at an alias's limit, before anything was judged: what was counted in advance is given back. */
    private boolean refusedHere;

    private CheckFrame(LoginOutcome outcome, boolean passwordless, LoginAccount account, boolean tokenless) {
        this.outcome = outcome;
        this.passwordless = passwordless;
        this.account = account;
        this.tokenless = tokenless;
    }

    /** How a guarded part's answer is read. */
    enum Part {
        /** The application's own manager, or a {@code ProviderManager} made by hand (parent unseen): any exception may hide a judgment. */
        MANAGER(true),
        /** An application's provider: the same. */
        PROVIDER(false),
        /** Exactly Spring's {@code DaoAuthenticationProvider}: an {@code AccountStatusException} says nothing of the password. */
        DAO(false),
        /** A {@code ProviderManager} Spring Security built: its answer is its one supporting provider's, or its parent's. */
        BUILT(true),
        /** Spring Security's own delegates (observation, the configuration's delegator): the guarded call inside answers. */
        DELEGATE(true);

        private final boolean manager;

        Part(boolean manager) {
            this.manager = manager;
        }
    }

    /** The check running on this thread, or {@code null}. */
    static CheckFrame current() {
        return CURRENT.get();
    }

    /** Whether this is a call with a token that carries no password, not a check. */
    boolean passwordless() {
        return passwordless;
    }

    /**
     * Runs {@code call}, a guarded part's with a token that carries no password (Spring Security's own, an OAuth2
     * client's, an application's {@code PasswordlessAuthentication}), as no check: a secret it has an encoder judge
     * (an authorization server's client secret) is its own business, neither decided nor counted.
     */
    static Object passwordless(PartCall call) throws Throwable {
        return within(new CheckFrame(null, true, null, false), call);
    }

    /**
     * Runs {@code call}, the part that decided a check on {@code account} as {@code answer} (counted on its outcome), and
     * tells the outcome what the check came to.
     */
    static Object decided(LoginAnswer answer, LoginAccount account, Part part, Supplier<Providers> providers, PartCall call)
            throws Throwable {
        CheckFrame frame = new CheckFrame(answer.outcome(), false, account, answer.attempt() instanceof LoginAttempt.Admitted);
        try {
            Object result = within(frame, () -> frame.inside(part, providers, call));
            frame.told(result != null);
            return result;
        } catch (RuntimeException thrown) {
            frame.told(frame.refusedHere || thrown == frame.notJudged ? null : Boolean.FALSE);
            throw thrown;
        }
    }

    /** Runs {@code judgment}, decided where it judges with nothing decided before it, and tells the outcome its answer. */
    static Object judgedHere(LoginOutcome outcome, PartCall judgment) throws Throwable {
        CheckFrame frame = new CheckFrame(outcome, false, null, false);
        Object right = Boolean.FALSE;
        try {
            right = within(frame, judgment);
            return right;
        } finally {
            frame.told(Boolean.TRUE.equals(right));
        }
    }

    /**
     * The one place a check is pushed and popped: runs {@code call} with {@code frame} as this thread's check, and puts
     * back the one before it (a check inside another: a guarded manager's parent) however the call ends.
     */
    private static Object within(CheckFrame frame, PartCall call) throws Throwable {
        CheckFrame before = CURRENT.get();
        CURRENT.set(frame);
        try {
            return call.proceed();
        } finally {
            if (before == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(before);
            }
        }
    }

    /** Runs {@code call}, a part called inside this check, and records what its answer says. */
    Object inside(Part part, Supplier<Providers> providers, PartCall call) throws Throwable {
        int failuresBefore = failures;
        int managersBefore = part.manager ? managers++ : managers;
        Object result;
        try {
            result = call.proceed();
        } catch (RuntimeException answer) {
            boolean judgedNothing = switch (part) {
                case DAO -> answer instanceof AccountStatusException;
                case DELEGATE -> answer == notJudged && failures == failuresBefore && managers > managersBefore + 1;
                case BUILT -> builtJudgedNothing(providers, answer, failuresBefore, managersBefore);
                default -> false;
            };
            if (judgedNothing) {
                failures = failuresBefore;
                notJudged = answer;
            } else {
                failures++;
                notJudged = null;
            }
            throw answer;
        }
        if (result == null && !part.manager) {
            failures++; // a provider that answered nothing may have judged and said nothing
        }
        return result;
    }

    /** A judgment made inside this check: recorded, decided by no one again (and inside a passwordless call, not even recorded). */
    Object judged(PartCall judgment) throws Throwable {
        Object right = judgment.proceed();
        if (!Boolean.TRUE.equals(right) && !passwordless) {
            failures++;
        }
        return right;
    }

    /**
     * Whether a {@code ProviderManager} Spring built answered {@code answer} without a password judged:
     * with no provider for the token, its parent's answer (a guarded manager, which recorded its own); with
     * providers the guard follows (beans it wraps), theirs; with one {@code DaoAuthenticationProvider} and no
     * parent asked, a status answer, given before (or regardless of) the password.
     */
    private boolean builtJudgedNothing(Supplier<Providers> providers, RuntimeException answer, int failuresBefore, int managersBefore) {
        boolean status = answer instanceof AccountStatusException;
        boolean nothingFailed = failures == failuresBefore;
        if (!status && (!nothingFailed || answer != notJudged && !(answer instanceof ProviderNotFoundException))) {
            return false; // a wrong password, or an answer no known part gave without judging: the common failure, told at once
        }
        Providers held = providers.get();
        if (held.supporting() == 0) {
            return nothingFailed && (answer == notJudged || answer instanceof ProviderNotFoundException);
        }
        if (held.allGuarded()) {
            return nothingFailed && answer == notJudged;
        }
        return held.supporting() == 1 && held.onlyDao() && status && managers == managersBefore + 1;
    }

    /**
     * What a {@code ProviderManager} Spring built holds for the check's token, as the guard that holds the manager reads it
     * (on a failure only): how many providers support it, whether the guard holds each, and whether the one is exactly
     * Spring's {@code DaoAuthenticationProvider}.
     */
    record Providers(int supporting, boolean allGuarded, boolean onlyDao) {
    }

    /**
     * The store answered this check with the account {@code stored}: where that is another account than the one typed
     * (an alias, "bob@example.com" for "bob"), the check is counted on it too, so that one account is one count however
     * it is spelt; a check that went on without a token and finds that account at its limit is refused here, before
     * anything is judged ({@link Decider#alias}).
     */
    void found(String stored, Decider decider) {
        if (passwordless || alias != null || !(account instanceof LoginAccount.Named typed)) {
            return;
        }
        try {
            LoginAnswer answer = decider.alias(typed, stored, tokenless);
            alias = answer == null ? null : answer.outcome();
        } catch (PlaytchaLoginException refused) {
            refusedHere = true;
            throw refused;
        }
    }

    /** Tells the outcomes: {@code TRUE} accepted, {@code FALSE} refused, {@code null} no password judged. */
    private void told(Boolean accepted) {
        CheckOutcomes.told(accepted, outcome, alias);
    }

    /**
     * A user store looked {@code name} up on this thread: it names the next judgment no guarded call decided, of the
     * same request (or, made outside any, of none).
     */
    static void lookedUp(String name) {
        if (CURRENT.get() == null) {
            LOOKUP.set(new Lookup(name, request(), null, false));
        }
    }

    /**
     * A user store looked {@code name} up for a part the guard does not hold, and the check was decided there, counted
     * on {@code outcome} ({@code null}: nothing to tell): a judgment of the same request that follows it (the encoder
     * bean's) is that check's, decided by no one again, and tells it what it judged.
     */
    static void decidedAtLookup(String name, LoginOutcome outcome) {
        LOOKUP.set(new Lookup(name, request(), outcome, true));
    }

    /** The last lookup of this thread, of the request now bound (or of none, as now), taken; {@code null} when none. */
    static Lookup lastLookup() {
        Lookup last = LOOKUP.get();
        LOOKUP.remove();
        Object request = RequestContextHolder.getRequestAttributes();
        boolean same = last != null
                && (request == null ? last.request() == null : last.request() != null && last.request().get() == request);
        return same ? last : null;
    }

    private static WeakReference<Object> request() {
        Object request = RequestContextHolder.getRequestAttributes();
        return request == null ? null : new WeakReference<>(request);
    }

    /**
     * A lookup of {@code name} on a request (weakly held; {@code null}: none); {@code decided} when the check was
     * decided there, counted on {@code outcome}.
     */
    record Lookup(String name, WeakReference<Object> request, LoginOutcome outcome, boolean decided) {

        /** The account it names for a judgment: {@code UNREADABLE} when the store was asked for no name, or a blank one. */
        LoginAccount account() {
            return LoginAccount.named(name);
        }
    }
}
