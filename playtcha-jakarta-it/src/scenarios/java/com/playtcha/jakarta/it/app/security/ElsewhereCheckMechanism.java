package com.playtcha.jakarta.it.app.security;

import com.playtcha.jakarta.security.PlaytchaLogin;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.concurrent.CompletableFuture;

/**
 * A mechanism that checks passwords where the guard's decorators do not look (issue 63, item 8): it logs in
 * whoever posts {@code username} and {@code password} at any path under {@code /login} (its binding names
 * {@code /login} alone, and {@code accountParameter} is left at {@code j_username}), asking the identity
 * store a producer method made ({@link ProducedStore}); with {@code ?async}, it has its store bean check on a
 * thread of its own, one bound to no request (not through the runtime's handler, which WildFly's Soteria cannot
 * run there: it looks the bean manager up in the request's naming context).
 */
@PlaytchaLogin(paths = "/login")
@ApplicationScoped
public class ElsewhereCheckMechanism implements HttpAuthenticationMechanism {

    @Inject
    @ProducedStore.Made
    IdentityStore produced;

    /** The application's store bean ({@link CountingIdentityStore}), asked directly on the other thread. */
    @Inject
    CountingIdentityStore store;

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
            HttpMessageContext context) {
        String username = request.getParameter("username");
        if (!"POST".equals(request.getMethod()) || username == null) {
            return context.doNothing();
        }
        UsernamePasswordCredential credential = new UsernamePasswordCredential(username, request.getParameter("password"));
        CredentialValidationResult result = request.getParameter("async") == null ? produced.validate(credential)
                // A thread of its own, which takes the request thread's context class loader: CDI works there.
                : CompletableFuture.supplyAsync(() -> store.validate(credential), task -> new Thread(task).start()).join();
        return result.getStatus() == CredentialValidationResult.Status.VALID ? context.notifyContainerAboutLogin(result)
                : context.responseUnauthorized();
    }
}
