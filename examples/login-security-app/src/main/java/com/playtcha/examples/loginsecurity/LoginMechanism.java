package com.playtcha.examples.loginsecurity;

import com.playtcha.jakarta.security.PlaytchaLogin;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.AutoApplySession;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The application's login: a POST to {@code /login} with {@code username} and {@code password},
 * checked by the identity stores ({@link MemberStore}). {@code @PlaytchaLogin} is the one line that
 * guards it: a login post without a token Playtcha verifies is answered before this method runs, so
 * the identity store is never asked. {@code accountParameter} names the form's user field, so that
 * failures are counted against the account tried too, not only the client (the default is
 * {@code j_username}). Everything else is plain Jakarta Security.
 *
 * <ul>
 *   <li>A good password: the caller is logged in, and {@link LoginServlet} sends them on to the
 *       account page. {@code @AutoApplySession} keeps them logged in for the session.</li>
 *   <li>A wrong one: nobody is logged in; {@code responseUnauthorized()} answers 401 and returns
 *       {@code SEND_FAILURE}, which is how {@code @PlaytchaLogin} learns that the password was refused
 *       (it counts the failure; any status but {@code SUCCESS} and {@code SEND_FAILURE} counts nothing).
 *       The error page for 401, {@link LoginRefusedServlet}, shows the form again.</li>
 *   <li>A protected page without a login: redirected to the form.</li>
 * </ul>
 */
@PlaytchaLogin(paths = "/login", accountParameter = "username")
@AutoApplySession
@ApplicationScoped
public class LoginMechanism implements HttpAuthenticationMechanism {

    @Inject
    IdentityStoreHandler identityStores;

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
            HttpMessageContext context) {
        if ("POST".equals(request.getMethod()) && "/login".equals(request.getServletPath())) {
            CredentialValidationResult result = identityStores.validate(new UsernamePasswordCredential(
                    String.valueOf(request.getParameter("username")), String.valueOf(request.getParameter("password"))));
            return result.getStatus() == CredentialValidationResult.Status.VALID
                    ? context.notifyContainerAboutLogin(result)
                    : context.responseUnauthorized(); // a failure @PlaytchaLogin counts; the error page shows the form
        }
        if (context.isProtected()) {
            return context.redirect(request.getContextPath() + "/login");
        }
        return context.doNothing();
    }
}
