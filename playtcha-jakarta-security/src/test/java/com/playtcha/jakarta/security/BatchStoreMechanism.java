package com.playtcha.jakarta.security;

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
import java.util.Set;

/**
 * A batch login, as a GraphQL endpoint with aliases makes one: a post to {@code /login} with one
 * {@code user} and any number of {@code password} values has the identity stores check each, in one
 * request, and logs in at the first the stores accept.
 */
@PlaytchaLogin(paths = "/login", accountParameter = "user")
@ApplicationScoped
public class BatchStoreMechanism implements HttpAuthenticationMechanism {

    @Inject
    IdentityStoreHandler stores;

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
            HttpMessageContext context) {
        String user = request.getParameter("user");
        String[] passwords = request.getParameterValues("password");
        if (!"POST".equals(request.getMethod()) || user == null || passwords == null) {
            return context.doNothing();
        }
        for (String password : passwords) {
            CredentialValidationResult result = stores.validate(new UsernamePasswordCredential(user, password));
            if (result.getStatus() == CredentialValidationResult.Status.VALID) {
                return context.notifyContainerAboutLogin(result.getCallerPrincipal().getName(), Set.of());
            }
        }
        response.setStatus(401);
        return AuthenticationStatus.SEND_FAILURE;
    }
}
