package com.playtcha.jakarta.security;

import com.playtcha.jakarta.spi.login.LoginAccount;
import com.playtcha.jakarta.spi.store.LogThrottle;
import com.playtcha.jakarta.spi.web.LoginAnswer;
import com.playtcha.jakarta.spi.servlet.ServletLoginAnswer;
import com.playtcha.jakarta.spi.web.WebLogin;
import com.playtcha.jakarta.spi.web.ObserveNote;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.credential.CallerOnlyCredential;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One guarded call of a mechanism's {@code validateRequest}, on the thread that runs it: the attempt
 * {@link PlaytchaLoginInterceptor} decided from the request before the mechanism ran, and every password
 * check the mechanism had an identity store make meanwhile ({@link GuardedIdentityStore},
 * {@link GuardedIdentityStoreHandler}), each decided by the login policy when the store is asked, on the
 * account the store is asked about; then each is settled once on what the store answered, or the
 * attempt from the request on the status the mechanism returned. See design/login-path.md.
 */
final class GuardedCall {

    private static final ThreadLocal<GuardedCall> CURRENT = new ThreadLocal<>();
    /** The interceptor's logger: what the guard of a mechanism says is said under its name. */
    private static final System.Logger LOG = System.getLogger(PlaytchaLoginInterceptor.class.getName());

    /** Thrown out of a store's check that the policy refused: the store is not asked; the interceptor answers. */
    static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Refused() {
            super("@PlaytchaLogin refused this login before the identity store was asked", null, false, false);
        }
    }

    private final Supplier<WebLogin> login;
    private final SecurityGuardedRequest request;
    private final HttpServletResponse response;
    /** Whether the request's path is exempt: its checks pass undecided (a bearer-token API). */
    private final boolean exempt;
    /** When the interceptor's observe note is due: at INFO at most once per 10 s, the others at DEBUG. */
    private final LogThrottle observed;
    private final GuardedCall outer;
    private LoginAnswer upfront;
    private LoginAccount upfrontAccount;
    /** The credential application code authenticated with, which the attempt decided upfront is for; or {@code null}. */
    private Credential upfrontCredential;
    private boolean upfrontChecked;
    /** Each credential a store was asked about, by identity (one check, however many stores), and its attempt's answer. */
    private final Map<Credential, LoginAnswer> checks = new IdentityHashMap<>();
    /** Each attempt a store checked, and the best answer it gave: VALID over INVALID over NOT_VALIDATED. */
    private final Map<LoginAnswer, CredentialValidationResult.Status> answers = new IdentityHashMap<>();
    private LoginAnswer refused;
    /** The answers of this call so far, as the response and the page are told: whether one of them needed a token, say. */
    private LoginAnswer told;

    private GuardedCall(Supplier<WebLogin> login, SecurityGuardedRequest request, HttpServletResponse response, boolean exempt,
            LogThrottle observed) {
        this.login = login;
        this.request = request;
        this.response = response;
        this.exempt = exempt;
        this.observed = observed;
        this.outer = CURRENT.get();
    }

    /** The call now running on this thread, until {@link #end}; its observe notes logged when {@code observed} says. */
    static GuardedCall begin(Supplier<WebLogin> login, SecurityGuardedRequest request, HttpServletResponse response,
            boolean exempt, LogThrottle observed) {
        GuardedCall call = new GuardedCall(login, request, response, exempt, observed);
        CURRENT.set(call);
        return call;
    }

    /** Whether a guarded call runs on this thread: a store's check here is decided in it. */
    static boolean running() {
        return CURRENT.get() != null;
    }

    void end() {
        if (outer == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(outer);
        }
    }

    /**
     * A store's (or the handler's) check of {@code credential}: decided first when a guarded call runs on
     * this thread (throwing {@link Refused} when it needs a token it lacks), then asked of {@code store}.
     */
    static CredentialValidationResult check(Credential credential, Supplier<CredentialValidationResult> store) {
        GuardedCall call = CURRENT.get();
        if (call == null || credential == null || call.exempt) {
            return store.get();
        }
        LoginAnswer attempt = call.checking(credential);
        CredentialValidationResult result = store.get();
        call.answers.merge(attempt, result.getStatus(), GuardedCall::better);
        return result;
    }

    /**
     * The attempt decided before the mechanism ran, on {@code account}; its answer is what the mechanism
     * returns. {@code credential}: the one application code authenticates with, else {@code null} (the
     * runtime's call, decided from the request before any credential is read).
     */
    LoginAnswer decide(LoginAccount account, Credential credential) throws IOException {
        upfront = told(credential == null ? login.get().decideCheck(request, account)
                : login.get().decideCheck(request, account, passwordOf(credential)));
        upfrontAccount = account;
        upfrontCredential = credential;
        return upfront;
    }

    /** The attempt of the check of {@code credential}: the request's own on the same account, once, else one of its own. */
    private LoginAnswer checking(Credential credential) {
        LoginAnswer known = checks.get(credential);
        if (known != null) {
            return known;
        }
        LoginAccount account = accountOf(credential);
        String password = passwordOf(credential);
        LoginAnswer attempt;
        if (upfront != null && !upfrontChecked
                && (credential == upfrontCredential || account instanceof LoginAccount.Named && account.equals(upfrontAccount))) {
            attempt = upfront;
            upfrontChecked = true;
            login.get().checking(request, account, password); // the request's token covers this password, no other
        } else {
            try {
                attempt = told(login.get().decideCheck(request, account, password));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        checks.put(credential, attempt);
        if (!attempt.proceeds()) {
            refused = attempt;
            throw new Refused();
        }
        return attempt;
    }

    /** The attempt's answer, told at once (its headers, what the page reads): after a wrong password the page must know too. */
    private LoginAnswer told(LoginAnswer answer) {
        ObserveNote.log(answer.observeNote(), LOG, observed);
        told = answer.after(told);
        ServletLoginAnswer.setHeadersAndPage(request.servletRequest(), response, told);
        return answer;
    }

    /** The answer to the attempt a store's check refused, or {@code null}. */
    LoginAnswer refused() {
        return refused;
    }

    /** Whether anything was decided in this call: a login that follows it was guarded. */
    boolean decided() {
        return upfront != null || !checks.isEmpty();
    }

    /**
     * Tells each attempt how its checks ended: a store's answer where one was asked (valid: accepted;
     * invalid: refused; not validated: no check); the attempt from the request, where no store was asked,
     * by {@code status} ({@code SUCCESS} accepted, {@code SEND_FAILURE} refused, {@code NOT_DONE} no check,
     * anything else left as it stands), and where the stores checked other accounts only, no check.
     */
    void settle(Object status) {
        answers.forEach((attempt, answer) -> {
            if (attempt.outcome() == null) {
                return;
            }
            switch (answer) {
                case VALID -> attempt.outcome().checked(true);
                case INVALID -> attempt.outcome().checked(false);
                default -> attempt.outcome().unchecked();
            }
        });
        if (upfront == null || upfront.outcome() == null || answers.containsKey(upfront)) {
            return;
        }
        if (!answers.isEmpty() || status == AuthenticationStatus.NOT_DONE) {
            upfront.outcome().unchecked();
        } else if (status == AuthenticationStatus.SUCCESS || status == AuthenticationStatus.SEND_FAILURE) {
            upfront.outcome().checked(status == AuthenticationStatus.SUCCESS);
        }
    }

    /**
     * The account a credential names as its identity store reads it: the caller of a
     * {@code UsernamePasswordCredential} (a {@code BasicAuthenticationCredential} too) or of a
     * {@code CallerOnlyCredential}, an {@link AccountCredential}'s account, each read by {@link LoginAccount#named}
     * (a {@code null}, empty or blank name is unreadable); a credential of any other type is one the guard cannot
     * read ({@link LoginAccount.Unnamed#UNREADABLE}), never a name borrowed from the request.
     */
    static LoginAccount accountOf(Credential credential) {
        if (credential instanceof UsernamePasswordCredential password) {
            return LoginAccount.named(password.getCaller());
        }
        if (credential instanceof CallerOnlyCredential caller) {
            return LoginAccount.named(caller.getCaller());
        }
        return credential instanceof AccountCredential own ? LoginAccount.named(own.account()) : LoginAccount.Unnamed.UNREADABLE;
    }

    /** The password of a {@code UsernamePasswordCredential}, for the one credential a token covers; else {@code null}. */
    private static String passwordOf(Credential credential) {
        return credential instanceof UsernamePasswordCredential named ? named.getPasswordAsString() : null;
    }

    private static CredentialValidationResult.Status better(CredentialValidationResult.Status a, CredentialValidationResult.Status b) {
        return a.ordinal() >= b.ordinal() ? a : b; // NOT_VALIDATED, INVALID, VALID
    }
}
