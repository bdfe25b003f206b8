package com.playtcha.jakarta.spi.web;

import com.playtcha.jakarta.core.DecisionAttributes;
import java.io.IOException;

/**
 * SPI: the web side of a login attempt, the same for every door (the login guard, a PlaytchaFilter that a
 * login post reaches, the Jakarta Security module's {@code @PlaytchaLogin}, the Spring Boot starter's
 * login): asks the {@link LoginPolicy}, verifying through the {@link WebGuard} the token the policy asks
 * for (read from the request once), and publishes the attributes of what it found; {@link LoginAnswer}
 * renders the attempt on the wire. What a request's decisions settled (its {@link LoginMemo}) it keeps in
 * one request attribute, for every door that decides a check of that request. See design/login-path.md.
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
    public LoginAttempt decide(GuardedRequest request, LoginAccount account) throws IOException {
        return published(request, policy.decide(new Asked(request), memo(request), account));
    }

    /** Decides one password check of its own, its password unknown here ({@link LoginPolicy#decideCheck}); attributes on the request. */
    public LoginAttempt decideCheck(GuardedRequest request, LoginAccount account) throws IOException {
        return published(request, policy.decideCheck(new Asked(request), memo(request), account));
    }

    /**
     * Decides one password check of its own with {@code password}, which a token of the request covers only
     * when it is the credential the token was sent with ({@link LoginPolicy#decideCheck(LoginPolicy.Request,
     * LoginMemo, LoginAccount, CharSequence)}); its attributes are on the request.
     */
    public LoginAttempt decideCheck(GuardedRequest request, LoginAccount account, CharSequence password) throws IOException {
        return published(request, policy.decideCheck(new Asked(request), memo(request), account, password));
    }

    /** The check of {@code account} with {@code password} is the one already decided for it ({@link LoginMemo#checking}). */
    public void checking(GuardedRequest request, LoginAccount account, CharSequence password) {
        memo(request).checking(account, password);
    }

    /** Decides a password check made with no web request ({@link LoginPolicy#decideOutside}). */
    public LoginAttempt decideOutside(LoginAccount account) {
        return policy.decideOutside(account);
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

    private LoginAttempt published(GuardedRequest request, LoginAttempt attempt) {
        if (attempt instanceof LoginAttempt.NeedsToken needs) {
            guard.publish(request, LoginAttempt.REQUIRED, needs.decision());
        } else if (attempt instanceof LoginAttempt.Admitted) {
            request.attribute(DecisionAttributes.TOKEN_SPENT, false);
        } else if (attempt instanceof LoginAttempt.Decided decided && !decided.decision().proceeds()) {
            request.attribute(DecisionAttributes.FAILED_OPEN, false); // a failed-open verify the login policy refused
        }
        return attempt;
    }

    /** Whether an attempt on {@code account} ({@code null}: none) from {@code client} would need a token now. */
    public boolean needsToken(String account, String client) {
        return policy.needsToken(account, client);
    }

    /** The line to log at INFO when observe mode let {@code attempt} on where enforce would refuse it, or {@code null}. */
    public String observeNote(LoginAttempt attempt, GuardedRequest request) {
        String path = WebGuard.path(request.rawPath());
        if (attempt instanceof LoginAttempt.Decided decided) {
            return guard.observeNote(decided.verification().result(), decided.decision(), path);
        }
        return attempt instanceof LoginAttempt.NeedsToken needs ? guard.observeNote(LoginAttempt.REQUIRED, needs.decision(), path) : null;
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
