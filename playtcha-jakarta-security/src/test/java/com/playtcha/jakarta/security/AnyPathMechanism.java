package com.playtcha.jakarta.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A misconfigured guard: the mechanism logs in whoever posts a {@code user} at any path (or, for a request
 * that has a caller already and names none, that caller), while its binding names only {@code /login}; {@code /api/*}
 * is exempt, as a bearer-token API's paths would be. It counts its calls.
 */
@PlaytchaLogin(paths = "/login", accountParameter = "user", exemptPaths = "/api/*")
@ApplicationScoped
public class AnyPathMechanism implements HttpAuthenticationMechanism {

    private final AtomicInteger calls = new AtomicInteger();

    int calls() {
        return calls.get();
    }

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
            HttpMessageContext context) {
        calls.incrementAndGet();
        String user = request.getParameter("user") != null || request.getUserPrincipal() == null ? request.getParameter("user")
                : request.getUserPrincipal().getName();
        return user == null ? context.doNothing() : context.notifyContainerAboutLogin(user, Set.of());
    }
}
