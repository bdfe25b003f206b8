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
 * The usual Soteria pattern: a mechanism guarded on every path ({@code paths = "/*"}) that checks a
 * password only when application code (a JSON login resource) calls {@code SecurityContext.authenticate}
 * with a {@code UsernamePasswordCredential}; the password is {@code secret}. It counts its password checks.
 */
@PlaytchaLogin(paths = "/*", accountParameter = "user")
@ApplicationScoped
public class JsonLoginMechanism implements HttpAuthenticationMechanism {

    private final AtomicInteger checks = new AtomicInteger();

    int checks() {
        return checks.get();
    }

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
            HttpMessageContext context) {
        if (!context.isAuthenticationRequest()
                || !(context.getAuthParameters().getCredential() instanceof UsernamePasswordCredential credential)) {
            return context.doNothing();
        }
        checks.incrementAndGet();
        if ("secret".equals(credential.getPasswordAsString())) {
            return context.notifyContainerAboutLogin(credential.getCaller(), Set.of());
        }
        response.setStatus(401);
        return AuthenticationStatus.SEND_FAILURE;
    }
}
