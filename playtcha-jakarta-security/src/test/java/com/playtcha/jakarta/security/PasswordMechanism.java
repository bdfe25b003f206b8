package com.playtcha.jakarta.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
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
    private volatile String page;

    int checks() {
        return checks.get();
    }

    /**
     * What a page the last call forwarded to would read: the attribute, then EL's
     * {@code playtcha.loginNeedsToken} (a map's key, as EL's map resolver reads it).
     */
    String page() {
        return page;
    }

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
            HttpMessageContext context) {
        page = request.getAttribute("com.playtcha.login-needs-token") + " "
                + (request.getAttribute("playtcha") instanceof Map<?, ?> el ? el.get("loginNeedsToken") : null);
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
