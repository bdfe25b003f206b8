package com.playtcha.jakarta.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A mechanism that has the identity stores check every password, as most do, and is more permissive than
 * its binding: it takes {@code user} and {@code password} posted at any path under {@code /login}
 * ({@code /login/x} too) while {@code paths} names {@code /login} only; and from
 * {@code SecurityContext.authenticate} the application's own {@link CodeCredential} (turned into a
 * {@code UsernamePasswordCredential}, as a JSON login turns its body; passed as it is with {@code ?raw})
 * or a {@link CodeLogin}. A wrong password is {@code SEND_FAILURE}. The name may also come as {@code name}, a
 * field the binding's {@code accountParameter} does not name; with {@code ?async} the store is asked on another
 * thread ({@code CompletableFuture.supplyAsync}), one bound to no request.
 */
@PlaytchaLogin(paths = "/login", accountParameter = "user")
@ApplicationScoped
public class StoreLoginMechanism implements HttpAuthenticationMechanism {

    @Inject
    IdentityStoreHandler stores;

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
            HttpMessageContext context) {
        Credential credential = null;
        if (context.isAuthenticationRequest() && context.getAuthParameters().getCredential() != null) {
            Credential given = context.getAuthParameters().getCredential();
            credential = given instanceof CodeCredential code && request.getParameter("raw") == null
                    ? new UsernamePasswordCredential(code.user(), code.password()) : given;
        } else if ("POST".equals(request.getMethod()) && request.getRequestURI().startsWith(request.getContextPath() + "/login")
                && (request.getParameter("user") != null || request.getParameter("name") != null)) {
            String user = request.getParameter("user") != null ? request.getParameter("user") : request.getParameter("name");
            credential = new UsernamePasswordCredential(user, request.getParameter("password"));
        }
        if (credential == null) {
            return context.doNothing();
        }
        Credential checked = credential;
        CredentialValidationResult result = request.getParameter("async") == null ? stores.validate(credential)
                : CompletableFuture.supplyAsync(() -> stores.validate(checked)).join();
        if (result.getStatus() == CredentialValidationResult.Status.VALID) {
            return context.notifyContainerAboutLogin(result.getCallerPrincipal().getName(), Set.of());
        }
        response.setStatus(401);
        return AuthenticationStatus.SEND_FAILURE;
    }
}
