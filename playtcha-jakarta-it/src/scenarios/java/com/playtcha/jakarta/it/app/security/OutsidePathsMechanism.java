package com.playtcha.jakarta.it.app.security;

import com.playtcha.jakarta.security.PlaytchaLogin;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.AutoApplySession;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.authentication.mechanism.http.RememberMe;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * A misconfigured guard: the mechanism logs in whoever posts {@code username} and {@code password} at
 * any path, while its binding names only {@code /login} and exempts {@code /bearer/*} (as a bearer-token
 * API's paths would be); a login is kept in the session ({@code @AutoApplySession}) and remembered in a
 * cookie ({@code @RememberMe}, {@link RememberedLogins}).
 */
@PlaytchaLogin(paths = "/login", exemptPaths = "/bearer/*")
@AutoApplySession
@RememberMe(cookieSecureOnly = false)
@ApplicationScoped
public class OutsidePathsMechanism implements HttpAuthenticationMechanism {

    @Inject
    IdentityStoreHandler identityStores;

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
            HttpMessageContext context) {
        String username = request.getParameter("username");
        if (!"POST".equals(request.getMethod()) || username == null) {
            return context.doNothing();
        }
        CredentialValidationResult result = identityStores.validate(
                new UsernamePasswordCredential(username, request.getParameter("password")));
        return result.getStatus() == CredentialValidationResult.Status.VALID ? context.notifyContainerAboutLogin(result)
                : context.responseUnauthorized();
    }
}
