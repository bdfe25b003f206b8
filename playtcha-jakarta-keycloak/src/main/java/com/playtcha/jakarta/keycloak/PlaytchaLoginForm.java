package com.playtcha.jakarta.keycloak;

import com.playtcha.jakarta.spi.web.LoginAnswer;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.browser.UsernamePasswordForm;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;

/**
 * Keycloak's username and password form ({@code UsernamePasswordForm}, which it extends and otherwise leaves as it is)
 * under the login policy: each post is decided before Keycloak looks at the password. An attempt the policy refuses
 * (a token needed and none sent, a token rejected or spent, Playtcha unavailable for a login that needs its verdict)
 * never reaches Keycloak's check: no password hash, no failed-login event, nothing for Keycloak's brute-force detector;
 * the form comes again saying why, with the widget. An attempt that goes on is judged by Keycloak as before, and its
 * outcome counted; when that failure makes the next attempt need a token, the form that Keycloak shows again carries
 * the widget. A disabled user, which Keycloak tells apart itself, gives back what the attempt counted in advance; an
 * empty password and a user Keycloak's own detector locked count as failures, as an unknown name does: Keycloak words
 * them alike, and a count given back for the one would tell which names are users. The name looked up is the one
 * Keycloak looks up (trimmed), and the flow's user only where Keycloak judges that user's password.
 *
 * <p>The account counted is Keycloak's user, found as Keycloak finds it (by name, or by e-mail where the realm allows
 * it), so a user name and its e-mail are one account; a name that finds no user is counted on itself (folded as
 * {@code playtcha.login.fold-names} says), and nothing the form answers differs between the two. The client is the
 * address Keycloak gives ({@code --proxy-headers} decides whether it reads {@code Forwarded}); the counts are the
 * realm's: each realm has counts of its own. A realm's flow may set {@code login-require} in the execution's configuration.
 *
 * <p>What it decides and counts is {@link PasswordCheck}'s, as for every door of this module; this class only hooks it
 * into Keycloak's steps and draws the form. Keycloak makes one instance per request ({@code AuthenticatorFactory.create}),
 * so the check being judged is a field.
 */
public class PlaytchaLoginForm extends UsernamePasswordForm {

    private final PasswordCheck check;
    private final KeycloakLoginPage page;
    /** The request's flow, as {@link #createLoginForm} needs it; set where Keycloak hands it in. */
    private AuthenticationFlowContext flow;

    PlaytchaLoginForm(KeycloakSession session, RealmLogins logins, KeycloakLoginPage page) {
        super(session);
        this.check = new PasswordCheck(logins);
        this.page = page;
    }

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        flow = context;
        super.authenticate(context);
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        flow = context;
        super.action(context);
    }

    /** The form of a first showing (or a showing again after another step), told whether it shows the widget. */
    @Override
    protected Response challenge(AuthenticationFlowContext context, MultivaluedMap<String, String> formData) {
        flow = context;
        page.show(context.form(), check.needsToken(context), check.answer());
        return super.challenge(context, formData);
    }

    /** The post decided under the policy; Keycloak's check only for an attempt that goes on, its outcome counted. */
    @Override
    protected boolean validateForm(AuthenticationFlowContext context, MultivaluedMap<String, String> form) {
        String name = form.getFirst("username"); // Keycloak looks up the name trimmed (trim(), which drops control characters too)
        boolean flowUser = isUserAlreadySetBeforeUsernamePasswordAuth(context) && context.getUser() != null;
        LoginAnswer answer = check.decide(context, flowUser, name == null ? null : name.trim(), form.getFirst("password"));
        if (!answer.proceeds()) {
            Response again = challenge(context, KeycloakLoginPage.message(answer), null);
            context.challenge(KeycloakLoginPage.refused(again, answer));
            return false;
        }
        return check.judged(() -> super.validateForm(context, form));
    }

    /** Keycloak's answer to a disabled user, which it words as such: what the attempt counted is given back. */
    @Override
    public boolean enabledUser(AuthenticationFlowContext context, UserModel user) {
        return check.beforeTheCheck(() -> super.enabledUser(context, user));
    }

    /**
     * The form with what the theme needs to show the widget. Keycloak draws it while judging a password only when that
     * check did not log in, so the failure is counted first, and the page shows the widget if the next attempt needs it.
     */
    @Override
    protected Response createLoginForm(LoginFormsProvider form) {
        check.failing();
        page.show(form, check.needsToken(flow), check.answer());
        return super.createLoginForm(form);
    }
}
