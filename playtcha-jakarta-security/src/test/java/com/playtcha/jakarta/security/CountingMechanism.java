package com.playtcha.jakarta.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An application's own mechanism, guarded as the documentation shows: it logs in whoever posts a
 * {@code user} to {@code /api/login}, or whoever {@code SecurityContext.authenticate} names, and
 * counts every call that reached it.
 */
@PlaytchaLogin(paths = "/api/login")
@ApplicationScoped
public class CountingMechanism implements HttpAuthenticationMechanism {

    private final AtomicInteger calls = new AtomicInteger();

    /** Calls that reached the mechanism (a method: the test holds the client proxy, whose fields are its own). */
    int calls() {
        return calls.get();
    }

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
            HttpMessageContext context) {
        calls.incrementAndGet();
        if (context.isAuthenticationRequest() && context.getAuthParameters().getCredential()
                instanceof UsernamePasswordCredential credential) {
            return context.notifyContainerAboutLogin(credential.getCaller(), Set.of());
        }
        String user = request.getParameter("user");
        if (request.getRequestURI().endsWith("/api/login") && user != null) {
            return context.notifyContainerAboutLogin(user, Set.of());
        }
        return context.doNothing();
    }
}
