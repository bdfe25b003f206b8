package com.playtcha.jakarta.it.app.security;

import com.playtcha.jakarta.security.PlaytchaLogin;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Case (b): the application's own mechanism, guarded by {@code @PlaytchaLogin}. A POST to
 * {@code /api/login} with {@code username} and {@code password} logs in through the identity
 * stores; every other request is left alone.
 */
@PlaytchaLogin(paths = "/api/login")
@ApplicationScoped
public class ApiLoginMechanism implements HttpAuthenticationMechanism {

    @Inject
    IdentityStoreHandler identityStores;

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
            HttpMessageContext context) {
        String username = request.getParameter("username");
        if (!"POST".equals(request.getMethod()) || !request.getRequestURI().endsWith("/api/login") || username == null) {
            return context.doNothing();
        }
        CredentialValidationResult result = identityStores.validate(
                new UsernamePasswordCredential(username, request.getParameter("password")));
        return result.getStatus() == CredentialValidationResult.Status.VALID ? context.notifyContainerAboutLogin(result)
                : context.responseUnauthorized();
    }
}
