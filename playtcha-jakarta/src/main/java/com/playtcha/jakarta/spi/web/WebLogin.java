package com.playtcha.jakarta.spi.web;

import com.playtcha.jakarta.core.DecisionAttributes;
import com.playtcha.jakarta.core.Verification;
import com.playtcha.jakarta.spi.login.LoginAccount;
import com.playtcha.jakarta.spi.login.LoginAttempt;
import com.playtcha.jakarta.spi.login.LoginMemo;
import com.playtcha.jakarta.spi.login.LoginPolicy;
import java.io.IOException;
import java.util.function.Function;

/**
 * SPI: a login attempt decided in one call, the same for every door (the login guard, a PlaytchaFilter that a
 * login post reaches, the Jakarta Security module's {@code @PlaytchaLogin}, the Spring Boot starter's
 * login): asks the {@link LoginPolicy}, verifying through the {@link WebGuard} the token the policy asks
 * for (read from the request once), publishes the attributes of what it found, and answers what to do
 * ({@link LoginAnswer}: go on, or the refusal to write, and the observe note to log), which the door only
 * carries out. What a request's decisions settled (its {@link LoginMemo}) it keeps in one request
 * attribute, for every door that decides a check of that request. See design/login-path.md.
 */
public final class WebLogin {

    /** Request attribute, the request's {@link LoginMemo}: what its doors' decisions settled so far. */
    private static final String MEMO = "com.playtcha.internal.login-memo";

    private final LoginPolicy policy;
    private final WebGuard guard;

    public WebLogin(LoginPolicy policy, WebGuard guard) {
        this.policy = policy;
        this.guard = guard;
    }

    /** Decides the attempt of {@code request} on {@code account} ({@link LoginPolicy#decide}); its attributes are on the request. */
    public LoginAnswer decide(GuardedRequest request, LoginAccount account) throws IOException {
        LoginAttempt attempt = policy.decide(new Asked(request), memo(request), account);
        return answered(request, attempt);
    }

    /** Decides one password check of its own, its password unknown here ({@link LoginPolicy#decideCheck}); attributes on the request. */
    public LoginAnswer decideCheck(GuardedRequest request, LoginAccount account) throws IOException {
        LoginAttempt attempt = policy.decideCheck(new Asked(request), memo(request), account);
        return answered(request, attempt);
    }

    /**
     * Decides one password check of its own with {@code password}, which a token of the request covers only
     * when it is the credential the token was sent with ({@link LoginPolicy#decideCheck(LoginPolicy.Request,
     * LoginMemo, LoginAccount, CharSequence)}); its attributes are on the request.
     */
    public LoginAnswer decideCheck(GuardedRequest request, LoginAccount account, CharSequence password) throws IOException {
        LoginAttempt attempt = policy.decideCheck(new Asked(request), memo(request), account, password);
        return answered(request, attempt);
    }

    /**
     * {@link #decideCheck(GuardedRequest, LoginAccount, CharSequence)} up to its one verify, for a door that must not block
     * (WebFlux; the token read already): the answer, or the {@link Pending} verify and the answer once it came.
     */
    public Step checkStep(GuardedRequest request, LoginAccount account, CharSequence password) throws IOException {
        LoginPolicy.Step step = policy.checkStep(new Asked(request), memo(request), account, password);
        if (step instanceof LoginPolicy.Verify verify) { // the token was read before: asking again reads nothing
            return new Pending(guard.post(request, request.token(), verify.failClosed()),
                    verification -> answered(request, verify.then().apply(WebGuard.published(request, verification))));
        }
        return answered(request, (LoginAttempt) step);
    }

    /** A check decided up to its one verify: its {@link LoginAnswer}, or {@link Pending}. */
    public sealed interface Step permits LoginAnswer, Pending {
    }

    /** {@code post} to verify; {@code then} answers the check on its verification, on the thread that has it. */
    public record Pending(WebGuard.Post post, Function<Verification, LoginAnswer> then) implements Step {
    }

    /** The check of {@code account} with {@code password} is the one already decided for it ({@link LoginMemo#checking}). */
    public void checking(GuardedRequest request, LoginAccount account, CharSequence password) {
        memo(request).checking(account, password);
    }

    /** Decides a password check made with no web request ({@link LoginPolicy#decideOutside}): no observe note, no JSON. */
    public LoginAnswer decideOutside(LoginAccount account) {
        return answer(policy.decideOutside(account), null, null);
    }

    /** The request's memo, kept in one request attribute for every door that decides one of its checks. */
    private static LoginMemo memo(GuardedRequest request) {
        if (request.attribute(MEMO) instanceof LoginMemo memo) {
            return memo;
        }
        LoginMemo memo = new LoginMemo();
        request.attribute(MEMO, memo);
        return memo;
    }

    /** The attempt's attributes published on {@code request}, and its answer to the client the request's {@code Accept} names. */
    private LoginAnswer answered(GuardedRequest request, LoginAttempt attempt) {
        if (attempt instanceof LoginAttempt.NeedsToken needs) {
            guard.publish(request, LoginAttempt.REQUIRED, needs.decision(), needs.tokenSpent());
        } else if (attempt instanceof LoginAttempt.Admitted) {
            request.attribute(DecisionAttributes.TOKEN_SPENT, attempt.tokenSpent());
        } else if (!attempt.proceeds()) {
            request.attribute(DecisionAttributes.FAILED_OPEN, false); // a failed-open verify the login policy refused
        }
        String path = WebGuard.path(request.rawPath());
        return answer(attempt, attempt.decision() == null ? null : guard.observeNote(attempt.result(), attempt.decision(), path),
                request.header("Accept"));
    }

    /** The answer to {@code attempt}, refused as {@link LoginRenderer#refusal} renders it for a client that sent {@code accept}. */
    private static LoginAnswer answer(LoginAttempt attempt, ObserveNote observeNote, String accept) {
        Rejection refusal = attempt.proceeds() ? null : LoginRenderer.refusal(attempt, accept);
        return new LoginAnswer(attempt, refusal, observeNote, attempt.needsToken(), attempt.outcome());
    }

    /** Whether an attempt on {@code account} ({@code null}: none) from {@code client} would need a token now. */
    public boolean needsToken(String account, String client) {
        return policy.needsToken(account, client);
    }

    /** The policy's view of a guarded request: its token read once, verified through the guard. */
    private final class Asked implements LoginPolicy.Request {
        private final GuardedRequest request;
        private boolean read;
        private String token;

        Asked(GuardedRequest request) {
            this.request = request;
        }

        @Override
        public String clientAddress() {
            return request.clientAddress();
        }

        @Override
        public LoginPolicy.Verified earlier(boolean failClosed) {
            return guard.earlier(request, failClosed);
        }

        @Override
        public boolean carriesToken() throws IOException {
            token = request.token();
            read = true;
            return token != null && !token.isBlank();
        }

        @Override
        public LoginPolicy.Verified verify(boolean failClosed) throws IOException {
            return guard.verify(request, read ? token : request.token(), failClosed);
        }
    }
}
