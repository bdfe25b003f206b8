package com.playtcha.jakarta.it.app.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.SecurityContext;
import jakarta.security.enterprise.authentication.mechanism.http.AuthenticationParameters;
import jakarta.security.enterprise.authentication.mechanism.http.CustomFormAuthenticationMechanismDefinition;
import jakarta.security.enterprise.authentication.mechanism.http.LoginToContinue;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Case (a) of the Jakarta Security logins: the built-in Custom FORM mechanism, whose login form posts
 * to this servlet, which hands the credentials to {@code SecurityContext.authenticate}. The password
 * is checked inside this request, after the servlet filters: a {@code PlaytchaFilter} on
 * {@code /login} (in the scenario's web.xml) already guards it.
 */
@WebServlet("/login")
public class CustomFormLogin extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** Where the mechanism is declared: any bean will do. */
    @CustomFormAuthenticationMechanismDefinition(loginToContinue = @LoginToContinue(loginPage = "/login-page",
            errorPage = "", useForwardToLogin = true))
    @ApplicationScoped
    public static class Definition {
    }

    @Inject
    SecurityContext security;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        AuthenticationStatus status = security.authenticate(request, response, AuthenticationParameters.withParams()
                .credential(new UsernamePasswordCredential(request.getParameter("username"),
                        request.getParameter("password"))));
        if (!response.isCommitted()) {
            LoginEcho.write(request, response, status.name());
        }
    }
}
