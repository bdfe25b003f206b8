package com.playtcha.jakarta.keycloak;

import com.playtcha.jakarta.spi.web.LoginAnswer;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.browser.PasswordForm;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;

/**
 * Keycloak's password form ({@code PasswordForm}, the second page after the username form {@code auth-username-form},
 * which it extends and otherwise leaves as it is) under the login policy, as {@link PlaytchaLoginForm} puts the one-page
 * form: each post decided before Keycloak looks at the password ({@link PasswordCheck}), a refused attempt answered with
 * the password page again saying why, with the widget, and nothing judged, logged as a failure or counted by Keycloak's
 * detector; an attempt that goes on judged by Keycloak and counted, and the page drawn again after a failure shows the
 * widget when the next attempt needs a token. The account is the user the username page found
 * ({@code context.getUser()}), so a user name and its e-mail are one account.
 *
 * <p>The page shows the widget from its first showing when the account (or the client, or the realm) already needs a
 * token. The theme's {@code login-password.ftl} draws it (docs/keycloak.md, "The username form, then the password form").
 *
 * <p><b>Warning:</b> the username page before it is Keycloak's: it says "Invalid username" for a name with no user, and
 * hashes a dummy password for it, before any policy is asked. A realm that must not tell whether a user exists keeps the
 * one-page form ({@code playtcha-login-form}).
 */
public class PlaytchaPasswordForm extends PasswordForm {

    private final PasswordCheck check;
    private final KeycloakLoginPage page;
    /** The request's flow, as {@link #createLoginForm} needs it; set where Keycloak hands it in. */
    private AuthenticationFlowContext flow;

    PlaytchaPasswordForm(KeycloakSession session, RealmLogins logins, KeycloakLoginPage page) {
        super(session);
        this.check = new PasswordCheck(logins);
        this.page = page;
    }

    /** The page's first showing, told whether it shows the widget. */
    @Override
    public void authenticate(AuthenticationFlowContext context) {
        flow = context;
        page.show(context.form(), check.needsToken(context), null);
        super.authenticate(context);
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        flow = context;
        super.action(context);
    }

    /** The post decided under the policy; Keycloak's check only for an attempt that goes on, its outcome counted. */
    @Override
    protected boolean validateForm(AuthenticationFlowContext context, MultivaluedMap<String, String> form) {
        LoginAnswer answer = check.decide(context, true, null, form.getFirst("password"));
        if (!answer.proceeds()) {
            Response again = challenge(context, KeycloakLoginPage.message(answer), null);
            context.challenge(KeycloakLoginPage.refused(again, answer));
            return false;
        }
        return check.judged(() -> super.validateForm(context, form));
    }

    /** An empty password is refused before any is judged; any other is Keycloak's check. */
    @Override
    public boolean validatePassword(AuthenticationFlowContext context, UserModel user, MultivaluedMap<String, String> inputData,
            boolean clearUser) {
        String password = inputData.getFirst("password");
        if (password == null || password.isEmpty()) {
            return check.beforeTheCheck(() -> super.validatePassword(context, user, inputData, clearUser));
        }
        return super.validatePassword(context, user, inputData, clearUser);
    }

    /** The password page drawn again: a failure Keycloak judged is counted first, so the page shows what the next attempt needs. */
    @Override
    protected Response createLoginForm(LoginFormsProvider form) {
        check.failing();
        page.show(form, check.needsToken(flow), check.answer());
        return super.createLoginForm(form);
    }
}
