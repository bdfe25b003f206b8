package com.playtcha.jakarta.it.app.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.security.enterprise.authentication.mechanism.http.FormAuthenticationMechanismDefinition;
import jakarta.security.enterprise.authentication.mechanism.http.LoginToContinue;

/**
 * Case (c): Jakarta Security's built-in FORM mechanism, whose form posts to {@code j_security_check}
 * and whose password check runs in the runtime's security layer, not in a servlet.
 */
@FormAuthenticationMechanismDefinition(loginToContinue = @LoginToContinue(loginPage = "/login.html",
        errorPage = "/login-error"))
@ApplicationScoped
public class BuiltInForm {
}
