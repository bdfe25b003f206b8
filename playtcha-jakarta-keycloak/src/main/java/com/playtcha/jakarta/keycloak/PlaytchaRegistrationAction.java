package com.playtcha.jakarta.keycloak;

import com.playtcha.jakarta.spi.web.WebDecision;
import java.util.List;
import org.keycloak.authentication.FormAction;
import org.keycloak.authentication.FormContext;
import org.keycloak.authentication.ValidationContext;
import org.keycloak.events.Errors;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.FormMessage;

/**
 * Keycloak's registration form under a token every time, as its reCAPTCHA action does it: the page shows the widget
 * ({@link #buildPage}), and a post whose token the check ({@link FormCheck}) refuses is answered with the form again,
 * saying why, with the widget, and no user is created. The refusal is the only message of that page
 * ({@code excludeOtherErrors}), so a post without a valid token learns nothing of the realm's users ("username already
 * exists" is said only to a post with a valid token, as Keycloak says it to any registration); for that the action
 * has to come last in the realm's "registration form" flow, as Keycloak shows errors in the flow's order.
 */
final class PlaytchaRegistrationAction implements FormAction {

    private final FormCheck check;

    PlaytchaRegistrationAction(FormCheck check) {
        this.check = check;
    }

    /** The widget on every showing; after a refusal, the refusal's status and headers. */
    @Override
    public void buildPage(FormContext context, LoginFormsProvider form) {
        if (context.getSession().getAttribute(FormCheck.REFUSED) instanceof WebDecision refused) {
            check.refused(form, refused);
        } else {
            check.show(form);
        }
    }

    @Override
    public void validate(ValidationContext context) {
        WebDecision decision = check.decide(check.request(context));
        if (decision.proceeds()) {
            context.success();
            return;
        }
        context.getSession().setAttribute(FormCheck.REFUSED, decision);
        context.error(Errors.INVALID_REGISTRATION);
        context.validationError(context.getHttpRequest().getDecodedFormParameters(),
                List.of(new FormMessage(null, FormCheck.message(decision))));
        context.excludeOtherErrors();
    }

    @Override
    public void success(FormContext context) {
        // nothing: the token was verified in validate, and Keycloak creates the user
    }

    @Override
    public boolean requiresUser() {
        return false;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
        // nothing to set up for a user
    }

    @Override
    public void close() {
        // nothing held
    }
}
