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
 * A mechanism with a password: {@code user} and {@code password} posted to {@code /api/login} (or a
 * {@code UsernamePasswordCredential} given to {@code SecurityContext.authenticate}) log in when the
 * password is {@code secret}, and fail with {@code SEND_FAILURE} otherwise; it counts its password checks.
 */
@PlaytchaLogin(paths = "/api/login", accountParameter = "user")
@ApplicationScoped
public class PasswordMechanism implements HttpAuthenticationMechanism {

    private final AtomicInteger checks = new AtomicInteger();

    int checks() {
        return checks.get();
    }

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
            HttpMessageContext context) {
        String user = request.getParameter("user");
        String password = request.getParameter("password");
        if (context.isAuthenticationRequest() && context.getAuthParameters().getCredential()
                instanceof UsernamePasswordCredential credential) {
            user = credential.getCaller();
            password = credential.getPasswordAsString();
        } else if (!request.getRequestURI().endsWith("/api/login") || user == null) {
            return context.doNothing();
        }
        checks.incrementAndGet();
        if ("secret".equals(password)) {
            return context.notifyContainerAboutLogin(user, Set.of());
        }
        response.setStatus(401);
        return AuthenticationStatus.SEND_FAILURE;
    }
}
